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
 *
 * An upload that fails for a passing reason (network, 5xx, 429, a stall) is tried again, up to three times in
 * all, under a fresh name once the failed try had created the artifact (upload-retry.ts says why).
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { constants } from 'node:fs';
import { copyFile, link, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { formatBytes, formatDuration, type Logger } from '../log.js';
import {
  isTransientUploadError,
  nameWasTaken,
  retryArtifactName,
  UPLOAD_RETRY_DELAYS_MS,
} from './upload-retry.js';

export interface UploadImageArtifactOptions {
  /** The image to upload. */
  file: string;
  /** The artifact's name (and the file name it downloads as). */
  artifactName: string;
  /** 1–90 days; default: the repository's setting. */
  retentionDays?: number;
  logger: Logger;
  /** Pauses between attempts; their count + 1 is the number of attempts. Default UPLOAD_RETRY_DELAYS_MS. */
  retryDelaysMs?: readonly number[];
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

function failureHint(message: string, name: string, transient: boolean): string {
  if (/\b409\b|already exists/i.test(message)) {
    return `An artifact named "${name}" already exists in this workflow run: choose another artifact name (add the matrix values, for example), or delete the old artifact.`;
  }
  if (/GHES|Enterprise Server/i.test(message)) {
    return 'GitHub Enterprise Server does not support this artifact service; upload the image with actions/upload-artifact@v3 in a later step.';
  }
  if (/stalled/i.test(message)) {
    return 'The upload made no progress within ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS (default 5 min): re-run the job.';
  }
  if (!transient) return 'The artifact service refused the upload, and trying again would not change that.';
  return 'Artifact storage may be having trouble (see https://www.githubstatus.com): re-run the job, or keep the image some other way.';
}

/**
 * Uploading needs the job's runtime token and the results service's URL; checked before a build starts, so
 * that a bake outside Actions (or in a container that lost them) fails in seconds, not after an hour.
 */
export function checkUploadEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((variable) => !env[variable]);
  if (missing.length === 0) return;
  throw new BuildError(
    'upload-failed',
    `Cannot upload the artifact "${name}": ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, so this is not a GitHub Actions job step`,
    {
      hint: "Run the action as a step of a GitHub Actions job (the runner sets both for JavaScript actions), or set artifact-name: '' to skip the upload and keep the image at image-path.",
    },
  );
}

export async function uploadImageArtifact(options: UploadImageArtifactOptions): Promise<UploadedArtifact> {
  const { file, artifactName: name, retentionDays, logger } = options;
  const delays = options.retryDelaysMs ?? UPLOAD_RETRY_DELAYS_MS;
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
  try {
    checkUploadEnvironment(name);
  } catch (error) {
    const { message, hint } = error as BuildError;
    throw new BuildError('upload-failed', `${message}. The image is still at ${file}`, { hint });
  }

  const started = Date.now();
  let attemptName = name;
  for (let attempt = 1; ; attempt++) {
    try {
      return await uploadOnce(file, attemptName, size, retentionDays, logger);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const transient = isTransientUploadError(error);
      if (!transient || attempt > delays.length) {
        const tries = attempt > 1 ? ` (${attempt} attempts)` : '';
        throw new BuildError(
          'upload-failed',
          `Uploading the artifact "${attemptName}" failed after ${formatDuration(Date.now() - started)}${tries}: ${message}. The image is still at ${file}`,
          { hint: failureHint(message, attemptName, transient), cause: error },
        );
      }
      // A created artifact keeps its name for the whole run, finalized or not (see upload-retry.ts).
      if (nameWasTaken(error)) attemptName = retryArtifactName(name, attempt + 1);
      const delay = delays[attempt - 1]!;
      logger.warn(
        `Uploading the artifact failed (attempt ${attempt} of ${delays.length + 1}): ${message}. ` +
          `Trying again in ${formatDuration(delay)} as "${attemptName}".`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** One upload: create, stream the staged file, finalize. */
async function uploadOnce(
  file: string,
  name: string,
  size: number,
  retentionDays: number | undefined,
  logger: Logger,
): Promise<UploadedArtifact> {
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
      { skipArchive: true, compressionLevel: 0, retentionDays },
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
  } finally {
    await staged.cleanup();
  }
}
