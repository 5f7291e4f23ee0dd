/**
 * The action's side of a failure bundle (bake/failure-bundle.ts): upload it as `<artifact-name>-failure` and
 * read its facts (failure.json) for the annotation and the job summary. A bundle that cannot be uploaded or
 * read is a warning: the build's own error is what the run reports.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FailureFacts } from '../bake/failure-bundle.js';
import type { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UploadedArtifact } from '../publish/artifact.js';
import { uploadFailureBundle } from '../publish/failure-artifact.js';

export interface BundleReport {
  dir: string;
  /** The uploaded artifact; none without an artifact name, or when the upload failed. */
  artifact?: UploadedArtifact;
  /** failure.json, when it could be read. */
  facts?: FailureFacts;
}

/** The bundle's facts, or undefined (with a warning) when failure.json is missing or broken. */
export function readFailureFacts(dir: string): FailureFacts | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'failure.json'), 'utf8')) as FailureFacts;
  } catch (error) {
    core.warning(`Could not read the failure bundle's failure.json: ${(error as Error).message}`);
    return undefined;
  }
}

/** Uploads the bundle `error` names (when there is an artifact name) and reads its facts. */
export async function publishFailureBundle(
  error: BuildError,
  upload: { artifactName?: string; retentionDays?: number } | undefined,
  logger: Logger,
): Promise<BundleReport | undefined> {
  if (!error.bundle) return undefined;
  const report: BundleReport = { dir: error.bundle, facts: readFailureFacts(error.bundle) };
  if (upload?.artifactName) {
    try {
      report.artifact = await core.group('Uploading the failure bundle', () =>
        uploadFailureBundle({
          dir: error.bundle!,
          artifactName: upload.artifactName!,
          retentionDays: upload.retentionDays,
          logger,
        }),
      );
    } catch (uploadError) {
      core.warning(`Could not upload the failure bundle ${error.bundle}: ${(uploadError as Error).message}`);
    }
  }
  return report;
}

/** The annotation's last line: where the bundle is. Pure. */
export function bundleLine(report: BundleReport): string {
  return report.artifact
    ? `The failure bundle is the artifact "${report.artifact.name}"${report.artifact.url ? ` (${report.artifact.url})` : ''}.`
    : `The failure bundle is on the runner at ${report.dir} (not uploaded).`;
}
