/**
 * push-image against a real registry (Debian's docker-registry), read back with a real client (skopeo): the
 * artifact's layer is the image byte for byte, the containerDisk's tar holds disk/NAME.qcow2 owned 107; a second
 * push sends no blob; a failed chunk is resumed (or the upload restarted). The CLI's side: registry-cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pushImage } from '../../src/registry/push.js';
import { silentLogger } from '../../src/log.js';
import { makeQcow2, sha256, skopeo, startRegistry, type TestRegistry } from '../support/registry.js';
import { startCountingProxy, type CountingProxy } from '../support/registry-proxy.js';

let dir: string;
let registry: TestRegistry;
let proxy: CountingProxy;
let image: string;
const metadata = {
  edition: 'Windows 11 Pro',
  os: 'w11',
  build: '26100',
  firmware: 'uefi',
  updates: ['KB5048667', 'KB890830'],
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-push-'));
  registry = await startRegistry();
  proxy = await startCountingProxy(registry.host);
  image = makeQcow2(dir, 'win11', 3);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let firstDigest: string;

describe('the OCI artifact', () => {
  it('pushes the qcow2 as the layer, with the annotations, under the default tags', async () => {
    const result = await pushImage({
      image,
      ref: `${proxy.host}/windows`,
      insecure: true,
      metadata,
      now: new Date('2025-01-31T12:00:00Z'),
      logger: silentLogger,
    });
    expect(result.sha256).toBe(sha256(image));
    expect(result.manifests[0]?.tags).toEqual(['windows-11-pro-20250131', 'latest']);
    const raw = JSON.parse(
      await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/windows:latest`]),
    ) as {
      artifactType: string;
      layers: { digest: string; annotations: Record<string, string> }[];
      annotations: Record<string, string>;
    };
    expect(raw.artifactType).toBe('application/vnd.bake-windows-image.qcow2.v1');
    expect(raw.layers[0]?.annotations['org.opencontainers.image.title']).toBe('win11.qcow2');
    expect(raw.annotations).toMatchObject({
      'io.github.bake-windows-image.edition': 'Windows 11 Pro',
      'io.github.bake-windows-image.build': '26100',
      'io.github.bake-windows-image.firmware': 'uefi',
      'io.github.bake-windows-image.updates.count': '2',
      'io.github.bake-windows-image.updates': 'KB5048667,KB890830',
      'io.github.bake-windows-image.sha256': sha256(image),
    });
    const copy = path.join(dir, 'artifact-copy');
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.host}/windows:windows-11-pro-20250131`,
      `dir:${copy}`,
    ]);
    expect(sha256(path.join(copy, sha256(image)))).toBe(sha256(image));
    expect(result.reference).toBe(`${proxy.host}/windows@${result.digest}`);
    // Created when the image was made, not when it was pushed: a second push gives the same manifest.
    expect(raw.annotations['org.opencontainers.image.created']).toBe(statSync(image).mtime.toISOString());
    firstDigest = result.digest;
  });

  it('sends no blob the second time: HEAD only, then the manifests', async () => {
    proxy.requests.length = 0;
    const result = await pushImage({
      image,
      ref: `${proxy.host}/windows:again`,
      insecure: true,
      metadata,
      logger: silentLogger,
    });
    expect(result.blobs).toEqual({ uploaded: 0, existing: 2 });
    expect(result.digest).toBe(firstDigest);
    expect(proxy.requests.filter((line) => /^(POST|PATCH)/.test(line))).toEqual([]);
    expect(proxy.requests.filter((line) => line.startsWith('HEAD'))).toHaveLength(2);
  });
});

describe('the KubeVirt containerDisk', () => {
  it('is an image whose one layer holds disk/NAME.qcow2, owned 107:107, mode 0440', async () => {
    const result = await pushImage({
      image,
      ref: `${registry.host}/windows-disk:v1`,
      format: 'both',
      insecure: true,
      metadata,
      logger: silentLogger,
    });
    expect(result.manifests.map((m) => [m.format, m.tags])).toEqual([
      ['artifact', ['v1']],
      ['containerdisk', ['v1-containerdisk']],
    ]);
    const layout = path.join(dir, 'disk-oci');
    // dir: keeps the layers as they are (an oci: layout would have skopeo gzip them).
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.host}/windows-disk:v1-containerdisk`,
      `dir:${layout}`,
    ]);
    const blob = (digest = ''): string => path.join(layout, digest.split(':')[1] ?? '');
    const manifest = JSON.parse(readFileSync(path.join(layout, 'manifest.json'), 'utf8')) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')) as {
      os: string;
      architecture: string;
      rootfs: { diff_ids: string[] };
    };
    expect([config.os, config.architecture]).toEqual(['linux', 'amd64']);
    expect(config.rootfs.diff_ids).toEqual([manifest.layers[0]?.digest]);
    const tar = blob(manifest.layers[0]?.digest);
    expect(execFileSync('tar', ['-tvf', tar, '--numeric-owner'], { encoding: 'utf8' })).toMatch(
      /^-r--r----- 107\/107 .* disk\/win11\.qcow2\n$/,
    );
    const extracted = path.join(dir, 'extracted');
    execFileSync('mkdir', ['-p', extracted]);
    execFileSync('tar', ['-xf', tar, '-C', extracted]);
    expect(sha256(path.join(extracted, 'disk', 'win11.qcow2'))).toBe(sha256(image));
  });

  it('with a file name too long for a tar entry: disk/disk.qcow2, and both formats pushed', async () => {
    const long = makeQcow2(dir, 'w'.repeat(150), 1);
    const result = await pushImage({
      image: long,
      ref: `${registry.host}/windows-long:v1`,
      format: 'both',
      insecure: true,
      logger: silentLogger,
    });
    expect(result.manifests.map((m) => m.format)).toEqual(['artifact', 'containerdisk']);
    const layout = path.join(dir, 'long-disk');
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.host}/windows-long:v1-containerdisk`,
      `dir:${layout}`,
    ]);
    const manifest = JSON.parse(readFileSync(path.join(layout, 'manifest.json'), 'utf8')) as {
      layers: { digest: string }[];
    };
    const tar = path.join(layout, manifest.layers[0]?.digest.split(':')[1] ?? '');
    expect(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' })).toBe('disk/disk.qcow2\n');
  });
});

describe('a failed upload', () => {
  /** Pushes a 5 MiB qcow2 while the proxy fails its PATCH; the warnings, and a check of what arrived. */
  async function pushThroughFailure(how: 'break' | 'half-kept', repository: string): Promise<string[]> {
    const big = makeQcow2(dir, repository, 5);
    proxy.requests.length = 0;
    proxy.responses.length = 0;
    proxy.failPatch(how, 1024 * 1024);
    const warnings: string[] = [];
    const result = await pushImage({
      image: big,
      ref: `${proxy.host}/${repository}:1`,
      insecure: true,
      retryDelayMs: 10,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
    });
    const copy = path.join(dir, `${repository}-copy`);
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.host}/${repository}:1`,
      `dir:${copy}`,
    ]);
    expect(sha256(path.join(copy, result.sha256))).toBe(sha256(big));
    expect(statSync(path.join(copy, result.sha256)).size).toBe(statSync(big).size);
    return warnings;
  }

  it('sends each blob in one streamed PATCH, without Content-Range (GHCR refuses ranges above 4 MiB)', async () => {
    const big = makeQcow2(dir, 'streamed', 6);
    proxy.requests.length = 0;
    proxy.headers.length = 0;
    await pushImage({ image: big, ref: `${proxy.host}/streamed:1`, insecure: true, logger: silentLogger });
    const patches = proxy.headers.filter((_, i) => proxy.requests[i]?.startsWith('PATCH'));
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
    proxy.requests.length = 0;
    proxy.responses.length = 0;
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
    proxy.requests.length = 0;
    proxy.responses.length = 0;
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
