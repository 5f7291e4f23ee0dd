import { type Logger } from '../log.js';
import { type UploadedArtifact } from './artifact.js';
/** A failure bundle is kept at most this many days (fewer when retention-days says so). */
export declare const FAILURE_RETENTION_DAYS = 7;
/** `<artifact-name>-failure`. Pure. */
export declare function failureArtifactName(artifactName: string): string;
/** Days to keep it: the run's retention when shorter, else FAILURE_RETENTION_DAYS. Pure. */
export declare function failureRetentionDays(retentionDays: number | undefined): number;
export interface UploadFailureBundleOptions {
    dir: string;
    /** The image's artifact name; the bundle's is derived from it. */
    artifactName: string;
    retentionDays?: number;
    logger: Logger;
}
export declare function uploadFailureBundle(options: UploadFailureBundleOptions): Promise<UploadedArtifact>;
