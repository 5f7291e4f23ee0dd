/** The pushed JSON (src/registry/formats.ts), the containerDisk's tar header (tar.ts), challenges (auth.ts). */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsFromDockerConfig, parseChallenge } from '../../src/registry/auth.js';
import {
  artifactManifest,
  containerDiskConfig,
  containerDiskManifest,
  imageAnnotations,
  sha256Digest,
} from '../../src/registry/formats.js';
import { tarHeader, tarTrailer } from '../../src/registry/tar.js';

describe('manifests', () => {
  it('the artifact: v1.1 with artifactType, the empty config, the qcow2 as the layer, titled', () => {
    const bytes = artifactManifest({ digest: 'sha256:aa', size: 42, fileName: 'win.qcow2' }, { a: 'b' });
    expect(JSON.parse(bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.bake-windows-image.qcow2.v1',
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        size: 2,
      },
      layers: [
        {
          mediaType: 'application/vnd.bake-windows-image.qcow2.layer.v1',
          digest: 'sha256:aa',
          size: 42,
          annotations: { 'org.opencontainers.image.title': 'win.qcow2' },
        },
      ],
      annotations: { a: 'b' },
    });
    // The digest is of exactly the bytes pushed.
    expect(sha256Digest(bytes)).toBe(sha256Digest(Buffer.from(JSON.stringify(JSON.parse(bytes.toString())))));
  });

  it('the containerDisk: linux/amd64, the uncompressed layer as its own diff_id', () => {
    expect(JSON.parse(containerDiskConfig('sha256:ll').toString())).toEqual({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: ['sha256:ll'] },
    });
    const manifest = JSON.parse(
      containerDiskManifest(
        { digest: 'sha256:cc', size: 9 },
        { digest: 'sha256:ll', size: 99 },
        {},
      ).toString(),
    ) as { config: { mediaType: string }; layers: { mediaType: string }[]; artifactType?: string };
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    expect(manifest.layers[0]?.mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
    expect(manifest.artifactType).toBeUndefined();
  });

  it('annotations: what is known, the updates counted and listed short', () => {
    const many = Array.from({ length: 35 }, (_, i) => `KB${5000000 + i}`);
    const annotations = imageAnnotations({
      sha256: 'ab',
      edition: 'Windows 11 Pro',
      build: '26100',
      updates: many,
    });
    expect(annotations).toMatchObject({
      'io.github.bake-windows-image.sha256': 'ab',
      'io.github.bake-windows-image.edition': 'Windows 11 Pro',
      'io.github.bake-windows-image.updates.count': '35',
      'org.opencontainers.image.version': '26100',
    });
    expect(annotations['io.github.bake-windows-image.updates']!.split(',')).toHaveLength(31);
    expect(annotations['io.github.bake-windows-image.updates']).toMatch(/,…$/);
    expect(imageAnnotations({ sha256: 'ab' })).toEqual({ 'io.github.bake-windows-image.sha256': 'ab' });
    expect(
      imageAnnotations({ sha256: 'ab', updates: [] })['io.github.bake-windows-image.updates.count'],
    ).toBe('0');
  });
});

describe('the tar header', () => {
  const entry = { name: 'disk/win.qcow2', mode: 0o440, uid: 107, gid: 107, mtime: 0 };

  it('is a ustar header GNU tar reads: name, mode, owner 107, size, checksum', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-tar-'));
    try {
      const data = Buffer.from('qcow2 bytes, 23 of them');
      const file = path.join(dir, 'one.tar');
      writeFileSync(
        file,
        Buffer.concat([tarHeader({ ...entry, size: data.length }), data, tarTrailer(data.length)]),
      );
      expect(execFileSync('tar', ['-tvf', file, '--numeric-owner'], { encoding: 'utf8' })).toMatch(
        /^-r--r----- 107\/107 +23 1970-01-01 00:00 disk\/win\.qcow2\n$/,
      );
      expect(execFileSync('tar', ['-xOf', file], { encoding: 'utf8' })).toBe(data.toString());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pads to 512 and ends with two zero blocks', () => {
    expect(tarTrailer(23).length).toBe(512 - 23 + 1024);
    expect(tarTrailer(1024).length).toBe(1024);
  });

  it('writes a size of 8 GiB and more in base-256, which GNU tar reads', () => {
    const size = 20 * 1024 ** 3 + 5;
    const header = tarHeader({ ...entry, size });
    expect(header[124]).toBe(0x80);
    expect(header.readBigUInt64BE(128)).toBe(BigInt(size));
    // 8 GiB - 1 still fits the octal field.
    expect(tarHeader({ ...entry, size: 8 * 1024 ** 3 - 1 }).toString('ascii', 124, 136)).toBe(
      '77777777777\0',
    );
    // GNU tar lists the header (and then misses the data, which is not there).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-tar-'));
    try {
      const file = path.join(dir, 'big.tar');
      writeFileSync(file, header);
      let listing = '';
      try {
        listing = execFileSync('tar', ['-tvf', file, '--numeric-owner'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch (error) {
        listing = String((error as { stdout?: string }).stdout ?? '');
      }
      expect(listing).toContain(` ${size} `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('authentication', () => {
  it('parses challenges, quoted and bare, with commas in the scope', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/w:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/w:pull,push' },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseChallenge('Bearer realm=https://x/t, service=x')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://x/t', service: 'x' },
    });
    expect(parseChallenge('')).toBeUndefined();
  });

  it("reads docker's config: auths by host, with or without a scheme", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-docker-'));
    try {
      const file = path.join(dir, 'config.json');
      const auth = Buffer.from('me:pa:ss').toString('base64');
      writeFileSync(
        file,
        JSON.stringify({
          auths: { 'https://ghcr.io': { auth }, 'localhost:5000': { username: 'u', password: 'p' } },
        }),
      );
      expect(credentialsFromDockerConfig('ghcr.io', file)).toEqual({ username: 'me', password: 'pa:ss' });
      expect(credentialsFromDockerConfig('localhost:5000', file)).toEqual({ username: 'u', password: 'p' });
      expect(credentialsFromDockerConfig('quay.io', file)).toBeUndefined();
      expect(credentialsFromDockerConfig('ghcr.io', path.join(dir, 'missing.json'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
