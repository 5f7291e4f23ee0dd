/**
 * push-image against a real registry (Debian's docker-registry), read back with a real client (skopeo): the
 * artifact's layer is the image byte for byte, the containerDisk's tar holds disk/NAME.qcow2 owned 107; a second
 * push sends no blob. Failures: registry-upload.test.ts; the CLI's side: registry-cli.test.ts.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pushImage } from '../../src/registry/push.js';
import { silentLogger } from '../../src/log.js';
import { makeQcow2, sha256, skopeo, type TestRegistry } from '../support/registry.js';
import type { CountingProxy } from '../support/registry-proxy.js';
import { registryFixture } from '../support/registry-fixture.js';

const fixture = registryFixture('push');
// The file's shorthand for the fixture's parts (set once it has started).
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

beforeAll(() => {
  ({ dir, registry, proxy } = fixture);
  image = makeQcow2(dir, 'win11', 3);
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
    const copy = await fixture.pull('windows:windows-11-pro-20250131', 'artifact-copy');
    expect(sha256(path.join(copy, sha256(image)))).toBe(sha256(image));
    expect(result.reference).toBe(`${proxy.host}/windows@${result.digest}`);
    // Created when the image was made, not when it was pushed: a second push gives the same manifest.
    expect(raw.annotations['org.opencontainers.image.created']).toBe(statSync(image).mtime.toISOString());
    firstDigest = result.digest;
  });

  it('sends no blob the second time: HEAD only, then the manifests', async () => {
    fixture.forget();
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
    const layout = await fixture.pull('windows-disk:v1-containerdisk', 'disk-oci');
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
    const layout = await fixture.pull('windows-long:v1-containerdisk', 'long-disk');
    const manifest = JSON.parse(readFileSync(path.join(layout, 'manifest.json'), 'utf8')) as {
      layers: { digest: string }[];
    };
    const tar = path.join(layout, manifest.layers[0]?.digest.split(':')[1] ?? '');
    expect(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' })).toBe('disk/disk.qcow2\n');
  });
});
