import type { FailureFacts } from '../bake/failure-bundle.js';
import type { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import type { UploadedArtifact } from '../publish/artifact.js';
export interface BundleReport {
    dir: string;
    /** The uploaded artifact; none without an artifact name, or when the upload failed. */
    artifact?: UploadedArtifact;
    /** failure.json, when it could be read. */
    facts?: FailureFacts;
}
/** The bundle's facts, or undefined (with a warning) when failure.json is missing or broken. */
export declare function readFailureFacts(dir: string): FailureFacts | undefined;
/** Uploads the bundle `error` names (when there is an artifact name) and reads its facts. */
export declare function publishFailureBundle(error: BuildError, upload: {
    artifactName?: string;
    retentionDays?: number;
} | undefined, logger: Logger): Promise<BundleReport | undefined>;
/** The annotation's last line: where the bundle is. Pure. */
export declare function bundleLine(report: BundleReport): string;
