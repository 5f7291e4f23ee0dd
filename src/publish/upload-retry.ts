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
export const UPLOAD_RETRY_DELAYS_MS: readonly number[] = [15_000, 45_000];

const NETWORK_CODES = ['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'EPIPE'];

/** 429, 408 and 5xx are the service's trouble, and pass; any other 4xx says the request itself is refused. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

function statusOf(error: unknown, message: string): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') return statusCode;
  const match = /Failed request: \((\d{3})\)/.exec(message) ?? /\b(?:status|HTTP) (\d{3})\b/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Whether a failed upload may succeed if tried again (network trouble, 5xx, 429, a stall). */
export function isTransientUploadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (/storage quota|insufficient usage|GHES|Enterprise Server/i.test(message)) return false;
  if (typeof code === 'string' && NETWORK_CODES.includes(code)) return true;
  if (NETWORK_CODES.some((name) => message.includes(`Unable to make request: ${name}`))) return true;
  if (/Upload progress stalled/i.test(message)) return true;
  const status = statusOf(error, message);
  return status !== undefined && isTransientStatus(status);
}

/** Whether the failed attempt got as far as creating the artifact, which keeps its name taken for the run. */
export function nameWasTaken(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return !message.startsWith('Failed to CreateArtifact');
}

/** windows-11.qcow2, attempt 2 → windows-11-attempt2.qcow2 (the extension stays: it is the download's). */
export function retryArtifactName(name: string, attempt: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem}-attempt${attempt}${extension}`;
}
