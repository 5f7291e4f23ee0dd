/**
 * Provisioning scripts in the guest (notes/nightly-baseline.md, "Provisioning"): each is copied to
 * `provision\NN-NAME` and run through a wrapper rendered from templates/provision-wrapper.ps1.mustache, which
 * sets the BAKE_IMAGE_* variables as single-quoted literals and passes the script's exit code on. The
 * template has no comment lines: its first line is the header the stand-in guest recognises.
 */
import path from 'node:path';
import Mustache from 'mustache';
import { BuildError } from '../errors.js';
import { readTemplate } from '../unattend/templates.js';
import { psSingleQuotedEscape } from './scripts.js';
import { powershellCommand } from './ssh.js';
import { GUEST_PROVISION_DIR } from './work-folder.js';

const WRAPPER_TEMPLATE = 'provision-wrapper.ps1.mustache';

/** The wrapper's first line. */
export const PROVISION_WRAPPER_HEADER = '# bake-windows-image: run a provisioning script';

export type ScriptKind = 'powershell' | 'cmd';

/** ERROR_SUCCESS_REBOOT_REQUIRED: done, and the guest must restart before the next script. */
export const EXIT_REBOOT_REQUIRED = 3010;
/** ERROR_SUCCESS_REBOOT_INITIATED: done, and the script has already started the restart. */
export const EXIT_REBOOT_INITIATED = 1641;

const KIND_BY_EXTENSION: Record<string, ScriptKind> = {
  '.ps1': 'powershell',
  '.cmd': 'cmd',
  '.bat': 'cmd',
};

/** Whether the file's extension says how to run it (what scriptKind takes). */
export function isProvisionScript(file: string): boolean {
  return path.extname(file).toLowerCase() in KIND_BY_EXTENSION;
}

/** How a provisioning script runs, from its extension (any case). */
export function scriptKind(file: string): ScriptKind {
  const extension = path.extname(file).toLowerCase();
  const kind = KIND_BY_EXTENSION[extension];
  if (!kind) {
    throw new BuildError('input-invalid', `Cannot tell how to run the provisioning script ${file}`, {
      hint: 'A provisioning script must end in .ps1 (PowerShell), .cmd or .bat (cmd.exe); rename it or wrap it in one.',
    });
  }
  return kind;
}

/**
 * The script's file name in the guest: `NN-NAME`, NN its place in the order (from 1, two digits at least),
 * NAME its own file name with every character outside [A-Za-z0-9._-] replaced by `_` (the extension stays).
 */
export function guestScriptName(index: number, localPath: string): string {
  if (!Number.isInteger(index) || index < 1) throw new Error(`a script's place starts at 1, not ${index}`);
  const name = path.basename(localPath).replace(/[^A-Za-z0-9._-]/g, '_');
  return `${String(index).padStart(2, '0')}-${name}`;
}

/** The Windows path of a provisioning script in the guest. */
export function guestScriptPath(guestName: string): string {
  return `${GUEST_PROVISION_DIR}\\${guestName}`;
}

/** One line per value: a control character (a line break above all) has no place in the wrapper. */
function checkOneLine(what: string, value: string): void {
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new BuildError('invalid-option', `The ${what} contains a control character`, {
      hint: 'Provisioning values are single lines of text without control characters.',
    });
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ProvisionWrapperInput {
  /** The script's Windows path in the guest. */
  script: string;
  kind: ScriptKind;
  /** One `$env:NAME = '…'` line each, in this order. Never the password. */
  env: Record<string, string>;
}

/** The wrapper's text: PowerShell that sets the variables, runs the script and exits with its code. */
export function provisionWrapper(input: ProvisionWrapperInput): string {
  const env = Object.entries(input.env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) {
      throw new BuildError('invalid-option', `"${name}" is not a valid environment variable name`, {
        hint: 'Variable names are letters, digits and _, not starting with a digit.',
      });
    }
    checkOneLine(`value of ${name}`, value);
    return { name, value };
  });
  checkOneLine('script path', input.script);
  return Mustache.render(
    readTemplate(WRAPPER_TEMPLATE),
    { env, script: input.script, powershell: input.kind === 'powershell', cmd: input.kind === 'cmd' },
    {},
    { escape: psSingleQuotedEscape },
  );
}

/** The command line that runs the wrapper over SSH. */
export function provisionCommand(input: ProvisionWrapperInput): string {
  return powershellCommand(provisionWrapper(input));
}

export type ProvisionOutcome = 'ok' | 'reboot' | 'failed';

/** What a script's exit code means: next script, restart then next script, or a failed build. */
export function provisionOutcome(code: number | null): ProvisionOutcome {
  if (code === 0) return 'ok';
  if (code === EXIT_REBOOT_REQUIRED || code === EXIT_REBOOT_INITIATED) return 'reboot';
  return 'failed';
}

/** A line of a script's output as the build log shows it. */
export function provisionLogLine(guestName: string, line: string): string {
  return `[${guestName}] ${line}`;
}
