import { type Logger } from '../log.js';
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
/** The artifact service's naming rules, checked before anything is uploaded. */
export declare function validateArtifactName(name: string): void;
export declare function validateRetentionDays(days: number | undefined): void;
/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}` */
export declare function artifactUrl(id: number, env?: NodeJS.ProcessEnv): string | undefined;
/**
 * Uploading needs the job's runtime token and the results service's URL; checked before a build starts, so
 * that a bake outside Actions (or in a container that lost them) fails in seconds, not after an hour.
 */
export declare function checkUploadEnvironment(name: string, env?: NodeJS.ProcessEnv): void;
export declare function uploadImageArtifact(options: UploadImageArtifactOptions): Promise<UploadedArtifact>;
