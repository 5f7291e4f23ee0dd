/**
 * Uploads a failure bundle (bake/failure-bundle.ts) as a second artifact next to the image's name: many small
 * files, so zipped by the artifact client (unlike the image), and kept a short time: it explains one failed
 * run, and holds nothing worth keeping once that is understood.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatBytes, type Logger } from '../log.js';
import { artifactUrl, validateArtifactName, type UploadedArtifact } from './artifact.js';

/** A failure bundle is kept at most this many days (fewer when retention-days says so). */
export const FAILURE_RETENTION_DAYS = 7;

/** `<artifact-name>-failure`. Pure. */
export function failureArtifactName(artifactName: string): string {
  return `${artifactName}-failure`;
}

/** Days to keep it: the run's retention when shorter, else FAILURE_RETENTION_DAYS. Pure. */
export function failureRetentionDays(retentionDays: number | undefined): number {
  return Math.min(retentionDays ?? FAILURE_RETENTION_DAYS, FAILURE_RETENTION_DAYS);
}

export interface UploadFailureBundleOptions {
  dir: string;
  /** The image's artifact name; the bundle's is derived from it. */
  artifactName: string;
  retentionDays?: number;
  logger: Logger;
}

export async function uploadFailureBundle(options: UploadFailureBundleOptions): Promise<UploadedArtifact> {
  const { dir, logger } = options;
  const name = failureArtifactName(options.artifactName);
  validateArtifactName(name);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(dir, entry))
    .filter((file) => statSync(file).isFile());
  const retentionDays = failureRetentionDays(options.retentionDays);
  const result = await new DefaultArtifactClient().uploadArtifact(name, files, dir, { retentionDays });
  if (result.id === undefined) throw new Error('the artifact service returned no artifact id');
  const uploaded: UploadedArtifact = {
    id: result.id,
    name,
    size: result.size ?? 0,
    digest: result.digest ?? '',
    url: artifactUrl(result.id),
  };
  logger.info(
    `Uploaded the failure bundle ${dir} (${files.length} files, ${formatBytes(uploaded.size)} zipped) as artifact "${name}", kept ${retentionDays} days${uploaded.url ? `: ${uploaded.url}` : ''}`,
  );
  return uploaded;
}
