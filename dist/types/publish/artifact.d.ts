import { type Logger } from '../log.js';
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
/** The artifact service's naming rules, checked before anything is uploaded. */
export declare function validateArtifactName(name: string): void;
export declare function validateRetentionDays(days: number | undefined): void;
/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}` */
export declare function artifactUrl(id: number, env?: NodeJS.ProcessEnv): string | undefined;
export declare function uploadImageArtifact(options: UploadImageArtifactOptions): Promise<UploadedArtifact>;
