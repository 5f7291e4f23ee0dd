/**
 * The nightly baseline's inputs: `--upload SRC=DEST` read and checked before anything starts (a missing file
 * must not cost an install), and the variables the provisioning scripts see.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';
import type { BuildContext } from './context.js';

export interface UploadSpec {
  source: string;
  /** An absolute Windows path: `C:\tools`. */
  destination: string;
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;

/** `SRC=DEST` → its parts; the last `=` splits (a host path may hold one; a Windows DEST rarely does). Pure. */
export function parseUpload(spec: string): UploadSpec {
  const at = spec.lastIndexOf('=');
  const source = at < 0 ? '' : spec.slice(0, at).trim();
  const destination = at < 0 ? '' : spec.slice(at + 1).trim();
  if (!source || !WINDOWS_ABSOLUTE.test(destination) || /(^|[\\/])\.\.?([\\/]|$)/.test(destination)) {
    throw new BuildError(
      'invalid-option',
      `Upload "${spec}" is not SRC=DEST with DEST an absolute Windows path`,
      {
        hint: 'Write it as a host path, "=", and where it goes in the guest, e.g. --upload ./tools=C:\\tools (no . or .. in DEST).',
      },
    );
  }
  return { source, destination };
}

/** An upload's source exists and can be read (a file or a directory): checked at preflight. */
export function checkUploadSource(spec: string): void {
  const { source } = parseUpload(spec);
  try {
    accessSync(path.resolve(source), constants.R_OK);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BuildError(
      missing ? 'input-missing' : 'input-unreadable',
      `--upload ${spec}: ${missing ? 'no such file or directory' : (error as Error).message}`,
      { hint: 'Give an existing file or directory before the "=", readable by the build.' },
    );
  }
}

/** What a provisioning script sees besides the account's environment (never the password). */
export function scriptEnvironment(
  context: Pick<BuildContext, 'options' | 'os' | 'buildId' | 'base'>,
  scriptName: string,
): Record<string, string> {
  return {
    BAKE_IMAGE_OS: context.os ?? '',
    BAKE_IMAGE_EDITION: context.options.edition,
    BAKE_IMAGE_FIRMWARE: context.options.firmware,
    BAKE_IMAGE_BUILD_ID: context.buildId,
    BAKE_IMAGE_BASE: context.base?.status ?? 'none',
    BAKE_IMAGE_SCRIPT: scriptName,
  };
}
