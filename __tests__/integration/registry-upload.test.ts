/**
 * Blob uploads against a real registry (docker-registry) through a proxy that misbehaves on purpose: one streamed
 * PATCH per blob, resumed from what the registry kept or restarted (the old upload cancelled), GHCR's 416 "too
 * large", a silent server (idle timeout), a lost answer to the final PUT, and credentials kept from other hosts.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pushImage } from '../../src/registry/push.js';
import { silentLogger } from '../../src/log.js';
import { makeQcow2, sha256, type TestRegistry } from '../support/registry.js';
import { startCountingProxy, type CountingProxy } from '../support/registry-proxy.js';
import { registryFixture } from '../support/registry-fixture.js';

const fixture = registryFixture('push');
// The file's shorthand for the fixture's parts (set once it has started).
let dir: string;
let registry: TestRegistry;
let proxy: CountingProxy;
let image: string;

beforeAll(() => {
  ({ dir, registry, proxy } = fixture);
  image = makeQcow2(dir, 'win11', 1);
});

describe('a failed upload', () => {
  /** Pushes a 5 MiB qcow2 while the proxy fails its PATCH; the warnings, and a check of what arrived. */
  async function pushThroughFailure(how: 'break' | 'half-kept', repository: string): Promise<string[]> {
    const big = makeQcow2(dir, repository, 5);
    fixture.forget();
    proxy.failPatch(how, 1024 * 1024);
    const warnings: string[] = [];
    const result = await pushImage({
      image: big,
      ref: `${proxy.host}/${repository}:1`,
      insecure: true,
      retryDelayMs: 10,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    const copy = await fixture.pull(`${repository}:1`, `${repository}-copy`);
    expect(sha256(path.join(copy, result.sha256))).toBe(sha256(big));
    expect(statSync(path.join(copy, result.sha256)).size).toBe(statSync(big).size);
    return warnings;
  }

  it('sends each blob in one streamed PATCH, without Content-Range (GHCR refuses ranges above 4 MiB)', async () => {
    const big = makeQcow2(dir, 'streamed', 6);
    fixture.forget();
    await pushImage({ image: big, ref: `${proxy.host}/streamed:1`, insecure: true, logger: silentLogger });
    const patches = fixture.patchHeaders();
    expect(patches.map((h) => [h['content-range'], h['content-type'], Number(h['content-length'])])).toEqual([
      [undefined, 'application/octet-stream', 2],
      [undefined, 'application/octet-stream', statSync(big).size],
    ]);
  });

  it('is resumed from what the registry kept, the rest in one PATCH (half kept, then a 502)', async () => {
    const warnings = await pushThroughFailure('half-kept', 'resumed');
    expect(warnings.join('\n')).toMatch(
      /broke \(PATCH answered HTTP 502\); the registry has 2\.\d MiB of 5\.\d MiB, sending the rest/,
    );
    // One upload each for the config and the qcow2; the qcow2's PATCH and the one with its rest.
    expect(proxy.requests.filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(proxy.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(1 + 2);
  });

  it('cut half-way: distribution drops the upload, which starts again, and the digest is right', async () => {
    const warnings = await pushThroughFailure('break', 'restarted');
    expect(warnings.join('\n')).toMatch(/broke \(.*\) and the registry dropped it; starting it again/);
    // The config's upload, the qcow2's, and the qcow2's again.
    expect(proxy.requests.filter((line) => line.startsWith('POST'))).toHaveLength(3);
    // The dropped upload is cancelled before the new one starts (distribution no longer knows it: 404).
    const del = proxy.requests.findIndex((line) => line.startsWith('DELETE'));
    expect(del).toBeGreaterThan(0);
    expect(proxy.requests.slice(del + 1).some((line) => line.startsWith('POST'))).toBe(true);
  });

  it("a 416 saying the request is too large (GHCR's 4 MiB) fails at once, with the registry's words", async () => {
    const big = makeQcow2(dir, 'too-large', 2);
    fixture.forget();
    proxy.failPatch('too-large', 1024 * 1024);
    await expect(
      pushImage({
        image: big,
        ref: `${proxy.host}/too-large:1`,
        insecure: true,
        retryDelayMs: 10,
        logger: silentLogger,
      }),
    ).rejects.toMatchObject({
      code: 'push-failed',
      message: expect.stringMatching(/refused the upload of sha256:\w+ \(.*\) as too large: .*4\.00MiB/),
    });
    expect(proxy.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(2);
    // The upload given up is cancelled, and distribution lets it go.
    expect(proxy.responses.filter((line) => line.startsWith('DELETE'))).toEqual([
      expect.stringMatching(/^DELETE \/v2\/too-large\/blobs\/uploads\/[\w-]+ 204$/),
    ]);
  });
});

describe('a registry that accepts the connection and then says nothing', () => {
  it('is a broken connection after the idle timeout, retried, then a push-failed error', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const warnings: string[] = [];
    try {
      await expect(
        pushImage({
          image,
          ref: `127.0.0.1:${port}/silent:1`,
          insecure: true,
          idleTimeoutMs: 100,
          retryDelayMs: 1,
          logger: { ...silentLogger, warn: (message) => warnings.push(message) },
        }),
      ).rejects.toMatchObject({
        code: 'push-failed',
        message: expect.stringMatching(/failed after 5 attempts: no data from 127\.0\.0\.1:\d+ for 0\.1 s/),
      });
      expect(sockets.length).toBe(5);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
    // Without the idle timeout the push would hang: fail in seconds instead.
  }, 10_000);
});

describe('the end of an upload and its credentials', () => {
  it('a final PUT whose answer was lost: the retry gets 404, HEAD finds the blob, the push succeeds', async () => {
    const small = makeQcow2(dir, 'lost-put', 1);
    fixture.forget();
    proxy.losePutReply();
    const result = await pushImage({
      image: small,
      ref: `${proxy.host}/lost-put:1`,
      insecure: true,
      retryDelayMs: 1,
      logger: silentLogger,
    });
    expect(result.blobs).toEqual({ uploaded: 2, existing: 0 });
    const put = proxy.responses.findIndex((line) => / \/v2\/lost-put\/blobs\/uploads\/.* 404$/.test(line));
    expect(proxy.responses[put]).toMatch(/^PUT /);
    expect(proxy.responses[put + 1]).toMatch(/^HEAD \/v2\/lost-put\/blobs\/sha256:\w+ 200$/);
  });

  it('Authorization goes to the registry only, not to an upload Location on another host', async () => {
    const credentials = { username: 'pusher', password: 'not-for-storage' };
    const front = await startCountingProxy(registry.host, credentials);
    const storage = await startCountingProxy(registry.host);
    try {
      front.moveUploadsTo(storage.host);
      const small = makeQcow2(dir, 'scoped', 1);
      await pushImage({
        image: small,
        ref: `${front.host}/scoped:1`,
        insecure: true,
        credentials,
        logger: silentLogger,
      });
      // The uploads went to the other host (PATCH, PUT), and it saw no credentials.
      expect(storage.requests.filter((line) => /^(PATCH|PUT)/.test(line))).toHaveLength(4);
      expect(storage.headers.map((headers) => headers.authorization)).toEqual(
        storage.headers.map(() => undefined),
      );
      // The registry itself got them.
      expect(front.headers.some((headers) => headers.authorization?.startsWith('Basic '))).toBe(true);
    } finally {
      await front.stop();
      await storage.stop();
    }
  });
});
