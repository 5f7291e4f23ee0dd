/**
 * When a failed artifact upload is worth another try, and under which name. Pure.
 *
 * What @actions/artifact 6.x already does by itself, so that this layer does not double it blindly:
 * - Twirp calls (CreateArtifact, FinalizeArtifact): 5 attempts, 3 s then ×1.5, on 429/500/502/503/504 and on
 *   unparsable answers; a 4xx is final ("Received non-retryable error"); a network error (ECONNRESET,
 *   ETIMEDOUT, …) is thrown at once, never retried.
 * - The blob PUTs: the storage SDK's 4 tries (0, 4, 12 s) on 500/503 and network errors; 429, 502 and 504 are
 *   not retried there.
 * - Nothing retries the whole upload: a stalled upload, a network error on a Twirp call, a blob that still
 *   fails after the SDK's tries, or a 429/502/504 from storage ends it. That is what this layer retries.
 *
 * A retried upload needs a fresh artifact name once CreateArtifact has succeeded: the service keeps the name
 * of an artifact that was created but never finalized for the whole run, answering 409 to a second create
 * (actions/upload-artifact's `overwrite` cannot delete it either: it is not listed).
 */
/** Pauses before the second and third attempt. */
export declare const UPLOAD_RETRY_DELAYS_MS: readonly number[];
/** 429, 408 and 5xx are the service's trouble, and pass; any other 4xx says the request itself is refused. */
export declare function isTransientStatus(status: number): boolean;
/** Whether a failed upload may succeed if tried again (network trouble, 5xx, 429, a stall). */
export declare function isTransientUploadError(error: unknown): boolean;
/** Whether the failed attempt got as far as creating the artifact, which keeps its name taken for the run. */
export declare function nameWasTaken(error: unknown): boolean;
/** windows-11.qcow2, attempt 2 → windows-11-attempt2.qcow2 (the extension stays: it is the download's). */
export declare function retryArtifactName(name: string, attempt: number): string;
