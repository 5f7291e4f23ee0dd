/**
 * Blob upload, as the distribution spec's chunked upload: HEAD first (a blob the registry has is not sent
 * again), POST to open an upload, PATCH chunks with Content-Range, PUT ?digest= to close it. A chunk that fails
 * (broken connection, 5xx) is not blindly resent: GET on the upload URL says what the registry kept (Range:
 * 0-N), and the upload goes on from N+1; when the registry has dropped the upload, a new one starts. Bounded.
 */
import { BuildError } from '../errors.js';
import { formatBytes } from '../log.js';
import type { BlobSource } from './blob-source.js';
import type { RegistryClient } from './client.js';
import { header } from './http.js';

export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;

export interface UploadOptions {
  chunkBytes?: number;
  /** Failed chunks (each resumed) before the upload gives up. */
  maxFailures?: number;
}

/** What happened to a blob: already there, or sent (with the number of PATCH requests it took). */
export type BlobOutcome = { status: 'exists' } | { status: 'uploaded'; patches: number; resumed: number };

export async function pushBlob(
  client: RegistryClient,
  blob: BlobSource,
  options: UploadOptions = {},
): Promise<BlobOutcome> {
  if (await client.blobExists(blob.digest)) return { status: 'exists' };
  const chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const maxFailures = options.maxFailures ?? 5;
  let location = await startUpload(client);
  let offset = 0;
  let patches = 0;
  let failures = 0;
  while (offset < blob.size) {
    const end = Math.min(offset + chunkBytes, blob.size);
    let failure: string;
    try {
      patches++;
      const response = await client.request(
        {
          method: 'PATCH',
          url: client.url(location),
          headers: {
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(end - offset),
            'Content-Range': `${offset}-${end - 1}`,
          },
          body: () => blob.open(offset, end),
        },
        { retry: false },
      );
      if (response.status === 202) {
        location = header(response, 'location') ?? location;
        offset = end;
        continue;
      }
      // 416: the registry holds another offset than ours; what it has is asked for below.
      if (response.status < 500 && response.status !== 416 && response.status !== 429)
        throw client.unexpected(`Uploading ${blob.digest}`, response);
      failure = `PATCH answered HTTP ${response.status}`;
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
    const resumed = await resumePoint(client, location);
    if (resumed) {
      client.logger.warn(
        `Upload of ${blob.digest} broke at ${formatBytes(offset)} (${failure}); the registry has ${formatBytes(resumed.offset)}, going on from there`,
      );
      ({ location, offset } = resumed);
    } else {
      client.logger.warn(
        `Upload of ${blob.digest} broke (${failure}) and the registry dropped it; starting it again`,
      );
      location = await startUpload(client);
      offset = 0;
    }
  }
  const done = client.url(location);
  done.searchParams.set('digest', blob.digest);
  const response = await client.request({
    method: 'PUT',
    url: done,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: Buffer.alloc(0),
  });
  if (response.status !== 201 && response.status !== 204)
    throw client.unexpected(`Completing the upload of ${blob.digest}`, response);
  return { status: 'uploaded', patches, resumed: failures };
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
  const range = /^(?:bytes=)?0-(\d+)$/.exec(header(response, 'range') ?? '');
  // distribution says 0-0 for an empty upload too: take it as empty (a byte sent twice is refused, not kept).
  const last = Number(range?.[1] ?? 0);
  return { location: header(response, 'location') ?? location, offset: last === 0 ? 0 : last + 1 };
}
