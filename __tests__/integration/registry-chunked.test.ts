/**
 * The opt-in chunked blob upload (chunkSizeBytes) against a real registry (docker-registry) through the counting
 * proxy: Content-Range PATCHes that follow on from each other, a registry whose 202 keeps less than was sent, a
 * chunk broken half-way and resumed from the registry's Range, and a proxy with a request-body limit (413, as
 * nginx's client_max_body_size) that refuses the streamed PATCH at once and lets chunks below its limit through.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../src/log.js';
import { pushImage, type PushResult } from '../../src/registry/push.js';
import { makeQcow2, sha256 } from '../support/registry.js';
import type { CountingProxy } from '../support/registry-proxy.js';
import { registryFixture } from '../support/registry-fixture.js';

const MiB = 1024 * 1024;

const fixture = registryFixture('chunked');
// The file's shorthand for the fixture's parts (set once it has started).
let dir: string;
let proxy: CountingProxy;

beforeAll(() => {
  ({ dir, proxy } = fixture);
});

/** The Content-Range of each PATCH the proxy saw, with its Content-Length. */
function patches(): { range?: string; length: number }[] {
  return fixture
    .patchHeaders()
    .map((headers) => ({ range: headers['content-range'], length: Number(headers['content-length']) }));
}

/** `from-to` (inclusive) of each chunk of `size` bytes cut at `chunk`, starting at `offset`. */
function ranges(size: number, chunk: number, offset = 0): string[] {
  const result: string[] = [];
  for (let from = offset; from < size; from += chunk)
    result.push(`${from}-${Math.min(size, from + chunk) - 1}`);
  return result;
}

async function pullsBackIntact(repository: string, image: string, result: PushResult): Promise<void> {
  const copy = await fixture.pull(`${repository}:1`, `${repository}-copy`);
  expect(sha256(path.join(copy, result.sha256))).toBe(sha256(image));
}

describe('a chunked push', () => {
  it('sends ceil(size/chunk) PATCHes per blob, each Content-Range following on, and a second push sends none', async () => {
    const image = makeQcow2(dir, 'chunked', 5);
    const size = statSync(image).size;
    fixture.forget();
    const result = await pushImage({
      image,
      ref: `${proxy.host}/chunked:1`,
      insecure: true,
      chunkSizeBytes: MiB,
      logger: silentLogger,
    });
    // The 2-byte config, then the qcow2 in 1 MiB chunks.
    const expected = ['0-1', ...ranges(size, MiB)];
    expect(expected).toHaveLength(1 + Math.ceil(size / MiB));
    expect(patches()).toEqual(
      expected.map((range) => {
        const [from, to] = range.split('-').map(Number) as [number, number];
        return { range, length: to - from + 1 };
      }),
    );
    // Each chunk went to the Location the last 202 gave: no 416, every PATCH 202.
    expect(
      proxy.responses.filter((line) => line.startsWith('PATCH')).every((line) => line.endsWith(' 202')),
    ).toBe(true);
    await pullsBackIntact('chunked', image, result);

    fixture.forget();
    const again = await pushImage({
      image,
      ref: `${proxy.host}/chunked:1`,
      insecure: true,
      chunkSizeBytes: MiB,
      logger: silentLogger,
    });
    expect(again.blobs).toEqual({ uploaded: 0, existing: 2 });
    expect(patches()).toEqual([]);
  });

  it("goes on from the registry's Range when its 202 kept less than the chunk sent", async () => {
    const image = makeQcow2(dir, 'short-202', 4);
    const size = statSync(image).size;
    fixture.forget();
    // The second 1 MiB chunk reaches the registry as its first half only, and the registry's 202 says so.
    proxy.failPatch('half-accepted', MiB, 1);
    const warnings: string[] = [];
    const result = await pushImage({
      image,
      ref: `${proxy.host}/short-202:1`,
      insecure: true,
      chunkSizeBytes: MiB,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The registry holds 1\.5 MiB of sha256:\w+, not the 2\.0 MiB sent; going on from there$/,
      ),
    ]);
    // No 416 and no GET: the next chunk started where the registry said.
    expect(patches().map((patch) => patch.range)).toEqual([
      '0-1',
      `0-${MiB - 1}`,
      `${MiB}-${2 * MiB - 1}`,
      ...ranges(size, MiB, MiB + MiB / 2),
    ]);
    expect(proxy.requests.filter((line) => line.startsWith('GET'))).toEqual([]);
    await pullsBackIntact('short-202', image, result);
  });

  it("a chunk broken half-way (half kept, then a 502) resumes from the registry's Range", async () => {
    const image = makeQcow2(dir, 'chunk-resumed', 5);
    const size = statSync(image).size;
    fixture.forget();
    proxy.failPatch('half-kept', MiB, 2);
    const warnings: string[] = [];
    const result = await pushImage({
      image,
      ref: `${proxy.host}/chunk-resumed:1`,
      insecure: true,
      chunkSizeBytes: MiB,
      retryDelayMs: 10,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    expect(warnings.join('\n')).toMatch(
      /broke \(PATCH answered HTTP 502\); the registry has 2\.5 MiB of 5\.\d MiB, sending the rest/,
    );
    // The same upload throughout; its third chunk sent again from its middle, then chunks on from there.
    expect(proxy.requests.filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(patches().map((patch) => patch.range)).toEqual([
      '0-1',
      ...ranges(3 * MiB, MiB),
      ...ranges(size, MiB, 2 * MiB + MiB / 2),
    ]);
    await pullsBackIntact('chunk-resumed', image, result);
  });
});

describe('a proxy that limits the request body (413, like nginx)', () => {
  it('refuses the streamed PATCH at once with a hint naming the chunk size; chunks below its limit pass', async () => {
    const image = makeQcow2(dir, 'limited', 5);
    proxy.limitBody(2 * MiB);
    try {
      fixture.forget();
      await expect(
        pushImage({
          image,
          ref: `${proxy.host}/limited:1`,
          insecure: true,
          retryDelayMs: 10,
          logger: silentLogger,
        }),
      ).rejects.toMatchObject({
        code: 'push-failed',
        exitCode: 1,
        message: expect.stringMatching(
          /refused the upload of sha256:\w+ \(5\.\d MiB\) as too large: .*HTTP 413$/,
        ),
        hint: expect.stringMatching(/--chunk-size \(action: registry-chunk-size\), e\.g\. 50MiB/),
      });
      // The config's PATCH, and one try of the qcow2's: no retry of a request that cannot pass.
      expect(proxy.responses.filter((line) => line.startsWith('PATCH'))).toEqual([
        expect.stringMatching(/ 202$/),
        expect.stringMatching(/ 413$/),
      ]);

      fixture.forget();
      await expect(
        pushImage({
          image,
          ref: `${proxy.host}/limited:1`,
          insecure: true,
          chunkSizeBytes: 4 * MiB,
          logger: silentLogger,
        }),
      ).rejects.toMatchObject({
        code: 'push-failed',
        hint: expect.stringMatching(/takes less than 4\.0 MiB in one request: give a smaller --chunk-size/),
      });

      fixture.forget();
      const result = await pushImage({
        image,
        ref: `${proxy.host}/limited:1`,
        insecure: true,
        chunkSizeBytes: 2 * MiB,
        logger: silentLogger,
      });
      expect(patches().every((patch) => patch.length <= 2 * MiB)).toBe(true);
      await pullsBackIntact('limited', image, result);
    } finally {
      proxy.limitBody(undefined);
    }
  });
});
