/**
 * Blob upload, as docker and skopeo do it: HEAD first (a blob the registry has is not sent again), POST to open
 * an upload, ONE streamed PATCH with the whole blob (no Content-Range: GHCR refuses Content-Range chunks above
 * 4 MiB), PUT ?digest= to close it. Opt-in (`chunkSizeBytes`, for a proxy that limits a request's body): PATCH
 * after PATCH of at most that many bytes, each with Content-Range, following each 202's Location and trusting
 * its Range over what was sent. A PATCH that breaks (connection, 5xx) is not blindly resent: GET on the upload
 * URL says what the registry kept (Range: 0-N), and the rest goes from N+1 (one PATCH, or chunks again); when
 * the registry has dropped the upload, a new one starts. Bounded. A 413 (or GHCR's 416 "too large") fails at
 * once, naming the chunk size as the fix. An upload given up (failed, or replaced by a new one) is cancelled
 * with a best-effort DELETE, so the registry does not keep its bytes until it expires.
 */
import { BuildError } from '../errors.js';
import { formatBytes } from '../log.js';
import type { BlobSource } from './blob-source.js';
import { contentRange, heldBytes, nextChunk, type ByteRange } from './chunks.js';
import type { RegistryClient } from './client.js';
import { describeResponse, header, type HttpResponse } from './http.js';

export interface UploadOptions {
  /** Failed PATCHes (each resumed) before the upload gives up. */
  maxFailures?: number;
  /** PATCHes of at most this many bytes, each with Content-Range; undefined: the whole blob in one PATCH. */
  chunkSizeBytes?: number;
}

/** What happened to a blob: already there, or sent (with the number of PATCH requests it took). */
export type BlobOutcome = { status: 'exists' } | { status: 'uploaded'; patches: number; resumed: number };

/** A 416 that is not about the offset but the size of the request body (GHCR: "exceeds … 4.00MiB"). */
const TOO_LARGE = /exceed|too large|maximum|limit/i;

export async function pushBlob(
  client: RegistryClient,
  blob: BlobSource,
  options: UploadOptions = {},
): Promise<BlobOutcome> {
  if (await client.blobExists(blob.digest)) return { status: 'exists' };
  const session = { location: await startUpload(client) };
  try {
    return await upload(client, blob, session, options);
  } catch (error) {
    await cancelUpload(client, session.location);
    throw error;
  }
}

async function upload(
  client: RegistryClient,
  blob: BlobSource,
  session: { location: string },
  { maxFailures = 5, chunkSizeBytes }: UploadOptions,
): Promise<BlobOutcome> {
  let offset = 0;
  let patches = 0;
  let failures = 0;
  while (offset < blob.size) {
    let failure: string;
    const chunk = nextChunk(offset, blob.size, chunkSizeBytes);
    try {
      patches++;
      const response = await client.request(
        {
          method: 'PATCH',
          url: client.url(session.location),
          headers: {
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(chunk.to - chunk.from),
            ...(chunkSizeBytes === undefined ? {} : { 'Content-Range': contentRange(chunk) }),
          },
          body: () => blob.open(chunk.from, chunk.to),
        },
        { retry: false },
      );
      if (response.status === 202) {
        session.location = header(response, 'location') ?? session.location;
        const kept = chunkSizeBytes === undefined ? chunk.to : keptAfter(client, blob, chunk, response);
        if (kept > chunk.from) {
          offset = kept;
          continue;
        }
        failure = `the registry kept none of bytes ${contentRange(chunk)} (Range: ${header(response, 'range')})`;
      } else {
        if (response.status === 413 || (response.status === 416 && TOO_LARGE.test(response.body.toString())))
          throw tooLarge(client, blob, response, chunk, chunkSizeBytes !== undefined);
        // 416: the registry holds another offset than ours; what it has is asked for below.
        if (response.status < 500 && response.status !== 416 && response.status !== 429)
          throw client.unexpected(`Uploading ${blob.digest}`, response);
        failure = `PATCH answered HTTP ${response.status}`;
      }
    } catch (error) {
      // A broken connection; anything else (refused, cancelled) ends the upload.
      if (!(error instanceof BuildError) || error.code !== 'push-failed' || !error.cause) throw error;
      failure = (error.cause as Error).message;
    }
    if (++failures > maxFailures) {
      throw new BuildError(
        'push-failed',
        `Uploading ${blob.digest} to ${client.name} failed ${failures} times; last: ${failure}`,
        {
          hint: 'The connection to the registry keeps breaking; try again later or from a closer network.',
        },
      );
    }
    const resumed = await resumePoint(client, session.location);
    if (resumed) {
      client.logger.warn(
        `Upload of ${blob.digest} broke (${failure}); the registry has ${formatBytes(resumed.offset)} of ${formatBytes(blob.size)}, sending the rest`,
      );
      ({ location: session.location, offset } = resumed);
    } else {
      client.logger.warn(
        `Upload of ${blob.digest} broke (${failure}) and the registry dropped it; starting it again`,
      );
      await cancelUpload(client, session.location);
      session.location = await startUpload(client);
      offset = 0;
    }
  }
  const done = client.url(session.location);
  done.searchParams.set('digest', blob.digest);
  const uploaded: BlobOutcome = { status: 'uploaded', patches, resumed: failures };
  let failure: unknown;
  try {
    const response = await client.request({
      method: 'PUT',
      url: done,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(0),
    });
    if (response.status === 201 || response.status === 204) return uploaded;
    failure = client.unexpected(`Completing the upload of ${blob.digest}`, response);
  } catch (error) {
    failure = error;
  }
  // The PUT may have been taken with only its answer lost (or a retry of it got 404 for the closed upload):
  // then the blob is there.
  if (await existsAfterAll(client, blob)) return uploaded;
  throw failure;
}

/** After a chunk's 202: where the next one starts. The registry's Range, when it says one, wins over ours. */
function keptAfter(
  client: RegistryClient,
  blob: BlobSource,
  chunk: ByteRange,
  response: HttpResponse,
): number {
  const held = heldBytes(header(response, 'range'));
  if (held === undefined || held === chunk.to) return chunk.to;
  client.logger.warn(
    `The registry holds ${formatBytes(held)} of ${blob.digest}, not the ${formatBytes(chunk.to)} sent; going on from there`,
  );
  return held;
}

/** A 413, or a 416 about the size: the same request would fail again, so no retry; the fix is the chunk size. */
function tooLarge(
  client: RegistryClient,
  blob: BlobSource,
  response: HttpResponse,
  chunk: ByteRange,
  chunked: boolean,
): BuildError {
  const sent = formatBytes(chunk.to - chunk.from);
  const text = response.body.toString('utf8').trim();
  // JSON errors are in describeResponse already; an HTML error page (nginx's) says no more than its status.
  const detail = /^[{<]/.test(text) ? '' : text.slice(0, 200);
  return new BuildError(
    'push-failed',
    `${client.ref.registry} refused the upload of ${blob.digest} (${formatBytes(blob.size)}) as too large: a request of ${sent} got ${describeResponse(response)} ${detail}`.trim(),
    {
      hint: chunked
        ? `The registry or a proxy in front of it takes less than ${sent} in one request: give a smaller --chunk-size (action: registry-chunk-size); GHCR takes at most 4MiB, nginx by default 1MiB.`
        : 'The registry or a proxy in front of it limits the size of one request: send the blob in chunks below that limit with --chunk-size (action: registry-chunk-size), e.g. 50MiB (GHCR takes at most 4MiB).',
    },
  );
}

async function existsAfterAll(client: RegistryClient, blob: BlobSource): Promise<boolean> {
  try {
    return await client.blobExists(blob.digest);
  } catch {
    return false;
  }
}

/** DELETE on an upload's URL: the registry may free what it kept. Best effort: any failure is only logged. */
async function cancelUpload(client: RegistryClient, location: string): Promise<void> {
  try {
    const response = await client.request({ method: 'DELETE', url: client.url(location) }, { retry: false });
    if (response.status >= 300 && response.status !== 404)
      client.logger.debug(`Cancelling an upload: the registry answered HTTP ${response.status}`);
  } catch (error) {
    client.logger.debug(`Cancelling an upload failed: ${(error as Error).message}`);
  }
}

async function startUpload(client: RegistryClient): Promise<string> {
  const response = await client.request({
    method: 'POST',
    url: client.repoUrl('blobs/uploads/'),
    body: Buffer.alloc(0),
  });
  const location = header(response, 'location');
  if (response.status !== 202 || !location) throw client.unexpected('Starting a blob upload', response);
  return location;
}

/** What the registry kept of an upload: GET on its URL, `Range: 0-N` → offset N+1; undefined when it is gone. */
async function resumePoint(
  client: RegistryClient,
  location: string,
): Promise<{ location: string; offset: number } | undefined> {
  const response = await client.request({ method: 'GET', url: client.url(location) });
  if (response.status !== 204 && response.status !== 200) return undefined;
  // distribution says 0-0 for an empty upload too: take it as empty (a byte sent twice is refused, not kept).
  const held = heldBytes(header(response, 'range')) ?? 0;
  return { location: header(response, 'location') ?? location, offset: held === 1 ? 0 : held };
}
