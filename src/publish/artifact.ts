/**
 * Uploads the finished image as a workflow artifact: one file, stored as-is (no zip around an image that is
 * already compressed), with @actions/artifact's `skipArchive`.
 *
 * `skipArchive` names the artifact after the file's basename and ignores the name argument, so the image is
 * first given the artifact's name: a hard link in a scratch directory next to the image. A hard link is
 * instantaneous and takes no space, where a copy of a multi-GB qcow2 would take minutes and double the disk
 * use; putting the scratch directory next to the image keeps both on the same filesystem, which hard links
 * need. Where they are impossible, a symbolic link does the same job (the client reads through it), and a
 * copy is the last resort.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { constants } from 'node:fs';
import { copyFile, link, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { formatBytes, formatDuration, type Logger } from '../log.js';

export interface UploadImageArtifactOptions {
  /** The image to upload. */
  file: string;
  /** The artifact's name (and the file name it downloads as). */
  artifactName: string;
  /** 1–90 days; default: the repository's setting. */
  retentionDays?: number;
  logger: Logger;
}

export interface UploadedArtifact {
  id: number;
  name: string;
  size: number;
  /** sha256 of the uploaded bytes, lowercase hex. */
  digest: string;
  /** The artifact's page, when GITHUB_REPOSITORY and GITHUB_RUN_ID are known. */
  url?: string;
}

const FORBIDDEN: ReadonlyArray<[string, string]> = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\r', 'carriage return \\r'],
  ['\n', 'line feed \\n'],
  ['\\', 'backslash \\'],
  ['/', 'forward slash /'],
];

/** The artifact service's naming rules, checked before anything is uploaded. */
export function validateArtifactName(name: string): void {
  const fix = 'Choose an artifact name without " : < > | * ? \\ / or line breaks, e.g. windows-11-image.';
  if (!name.trim()) throw new BuildError('invalid-option', 'The artifact name is empty', { hint: fix });
  if (name === '.' || name === '..') {
    throw new BuildError('invalid-option', `"${name}" is not a valid artifact name`, { hint: fix });
  }
  for (const [char, label] of FORBIDDEN) {
    if (name.includes(char)) {
      throw new BuildError(
        'invalid-option',
        `The artifact name ${JSON.stringify(name)} contains a ${label}, which artifacts may not`,
        { hint: fix },
      );
    }
  }
}

export function validateRetentionDays(days: number | undefined): void {
  if (days === undefined) return;
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new BuildError(
      'invalid-option',
      `Retention must be a whole number of days from 1 to 90, got ${days}`,
      {
        hint: 'Set retention-days between 1 and 90, or leave it out to use the repository setting.',
      },
    );
  }
}

/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}` */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!repository || !runId) return undefined;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}

interface Staged {
  /** The file under the artifact's name. */
  file: string;
  cleanup: () => Promise<void>;
}

/** Gives the image the artifact's name without copying it, if at all possible (see the module comment). */
async function stage(image: string, name: string, logger: Logger): Promise<Staged> {
  if (path.basename(image) === name) return { file: image, cleanup: async () => {} };
  const attempts: Array<[string, (target: string) => Promise<void>]> = [
    ['hard link', (target) => link(image, target)],
    ['symbolic link', (target) => symlink(path.resolve(image), target)],
    ['copy', (target) => copyFile(image, target, constants.COPYFILE_FICLONE)],
  ];
  const problems: string[] = [];
  for (const base of [path.dirname(image), os.tmpdir()]) {
    let dir: string;
    try {
      dir = await mkdtemp(path.join(base, '.bake-artifact-'));
    } catch (error) {
      problems.push(`cannot create a directory in ${base}: ${String(error)}`);
      continue;
    }
    const target = path.join(dir, name);
    for (const [how, make] of attempts) {
      try {
        await make(target);
        logger.debug(`Staged ${image} as ${target} (${how})`);
        return { file: target, cleanup: () => rm(dir, { recursive: true, force: true }) };
      } catch (error) {
        problems.push(`${how} in ${base}: ${String(error)}`);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  throw new BuildError('output-unwritable', `Could not give ${image} the artifact name "${name}"`, {
    hint: `Make the image's directory writable, or name the image ${name}. Tried: ${problems.join('; ')}`,
  });
}

function failureHint(message: string, name: string): string {
  if (/\b409\b|already exists/i.test(message)) {
    return `An artifact named "${name}" already exists in this workflow run: choose another artifact name (add the matrix values, for example), or delete the old artifact.`;
  }
  if (/GHES|Enterprise Server/i.test(message)) {
    return 'GitHub Enterprise Server does not support this artifact service; upload the image with actions/upload-artifact@v3 in a later step.';
  }
  if (/stalled/i.test(message)) {
    return 'The upload made no progress within ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS (default 5 min): re-run the job.';
  }
  return 'Artifact storage may be having trouble (see https://www.githubstatus.com): re-run the job, or keep the image some other way.';
}

export async function uploadImageArtifact(options: UploadImageArtifactOptions): Promise<UploadedArtifact> {
  const { file, artifactName: name, retentionDays, logger } = options;
  validateArtifactName(name);
  validateRetentionDays(retentionDays);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (error) {
    throw new BuildError('input-missing', `Cannot upload ${file}: ${(error as Error).message}`, {
      hint: 'Upload the image the build produced (its path is in the build result).',
    });
  }
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    throw new BuildError(
      'upload-failed',
      `Cannot upload the artifact "${name}": this is not a GitHub Actions job (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set). The image is still at ${file}`,
      {
        hint: 'Artifacts can only be uploaded from inside a workflow job; elsewhere, copy the image yourself.',
      },
    );
  }

  const staged = await stage(file, name, logger);
  const started = Date.now();
  logger.info(
    `Uploading ${file} (${formatBytes(size)}) as artifact "${name}", unzipped` +
      (retentionDays ? `, kept ${retentionDays} days` : ''),
  );
  try {
    const result = await new DefaultArtifactClient().uploadArtifact(
      name,
      [staged.file],
      path.dirname(staged.file),
      {
        skipArchive: true,
        compressionLevel: 0,
        retentionDays,
      },
    );
    if (result.id === undefined || !result.digest) {
      throw new Error('the artifact service returned no artifact id or digest');
    }
    const uploaded: UploadedArtifact = {
      id: result.id,
      name,
      size: result.size ?? size,
      digest: result.digest,
      url: artifactUrl(result.id),
    };
    logger.info(
      `Uploaded artifact "${name}" (id ${uploaded.id}, ${formatBytes(uploaded.size)}, sha256 ${uploaded.digest}) ` +
        `in ${formatDuration(Date.now() - started)}${uploaded.url ? `: ${uploaded.url}` : ''}`,
    );
    return uploaded;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError(
      'upload-failed',
      `Uploading the artifact "${name}" failed after ${formatDuration(Date.now() - started)}: ${message}. The image is still at ${file}`,
      { hint: failureHint(message, name), cause: error },
    );
  } finally {
    await staged.cleanup();
  }
}
