/**
 * push-image against a real registry (Debian's docker-registry), read back with a real client (skopeo): the
 * artifact's layer is the image byte for byte, the containerDisk's tar holds disk/NAME.qcow2 owned 107; a second
 * push sends no blob; a broken PATCH is resumed; token auth takes the right credentials and refuses wrong ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pushImage } from '../../src/registry/push.js';
import { BuildError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { CLI } from '../support/cli.js';
import {
  startCountingProxy,
  startRegistry,
  type CountingProxy,
  type TestRegistry,
} from '../support/registry.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A real qcow2 with `mib` MiB of random data written into it (so it does not compress to nothing). */
function makeQcow2(dir: string, name: string, mib: number): string {
  const raw = path.join(dir, `${name}.raw`);
  const file = path.join(dir, `${name}.qcow2`);
  execFileSync('dd', ['if=/dev/urandom', `of=${raw}`, 'bs=1M', `count=${mib}`], { stdio: 'ignore' });
  execFileSync('qemu-img', ['convert', '-O', 'qcow2', raw, file]);
  rmSync(raw);
  return file;
}

/** Async: the token server skopeo asks runs in this process, which execFileSync would block. */
async function skopeo(args: string[]): Promise<string> {
  return (await promisify(execFile)('skopeo', args, { encoding: 'utf8' })).stdout;
}

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
});

describe('a failed chunk', () => {
  /** Pushes a 5 MiB qcow2 in 2 MiB chunks while the proxy fails the second; the warnings, and a check. */
  async function pushThroughFailure(how: 'break' | 'bad-gateway', repository: string): Promise<string[]> {
    const big = makeQcow2(dir, repository, 5);
    proxy.requests.length = 0;
    proxy.failPatch(how, 1024 * 1024, 1);
    const warnings: string[] = [];
    const result = await pushImage({
      image: big,
      ref: `${proxy.host}/${repository}:1`,
      insecure: true,
      chunkBytes: 2 * 1024 * 1024,
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

  it('is sent again from where the registry stopped (a 502 from a proxy in front)', async () => {
    const warnings = await pushThroughFailure('bad-gateway', 'resumed');
    // Resumed at the second chunk, not restarted: the registry kept the first 2 MiB.
    expect(warnings.join('\n')).toMatch(
      /broke at 2\.0 MiB \(PATCH answered HTTP 502\); the registry has 2\.0 MiB, going on/,
    );
    // One upload each for the config and the qcow2; the qcow2's three chunks and the failed one again.
    expect(proxy.requests.filter((line) => line.startsWith('POST'))).toHaveLength(2);
    expect(proxy.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(1 + 3 + 1);
  });

  it('cut half-way: distribution drops the upload, which starts again, and the digest is right', async () => {
    const warnings = await pushThroughFailure('break', 'restarted');
    expect(warnings.join('\n')).toMatch(/broke \(.*\) and the registry dropped it; starting it again/);
    // The config's upload, the qcow2's, and the qcow2's again.
    expect(proxy.requests.filter((line) => line.startsWith('POST'))).toHaveLength(3);
  });
});

/** The bundled CLI (npm run bundle first), with `input` on its stdin. */
function runCli(
  args: string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('push-image on the command line', () => {
  let secured: TestRegistry;
  const user = 'builder';
  const password = 'registry-Pa55-word-never-shown';

  beforeAll(async () => {
    secured = await startRegistry({ username: user, password });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('pushes to a token-protected registry with the right credentials, the metadata as annotations', async () => {
    const metadataFile = path.join(dir, 'build.json');
    writeFileSync(
      metadataFile,
      JSON.stringify({
        ok: true,
        image: { path: image, sha256: sha256(image) },
        os: 'w11',
        edition: 'Windows 11 Pro',
        firmware: 'uefi-secure',
        windowsBuild: 26100,
        updates: [],
      }),
    );
    const run = await runCli(
      [
        'push-image',
        '--image',
        image,
        '--ref',
        `${secured.host}/team/windows`,
        '--insecure',
        '--username',
        user,
        '--password-stdin',
        '--metadata',
        metadataFile,
        '--moving-tag',
        'nightly',
        '--json',
      ],
      `${password}\n`,
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      digest: string;
      reference: string;
      manifests: { tags: string[] }[];
    };
    expect(result.manifests[0]?.tags[1]).toBe('nightly');
    expect(result.manifests[0]?.tags[0]).toMatch(/^windows-11-pro-\d{8}$/);
    const raw = JSON.parse(
      await skopeo([
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        `${user}:${password}`,
        `docker://${secured.host}/team/windows:nightly`,
      ]),
    ) as { annotations: Record<string, string> };
    expect(raw.annotations).toMatchObject({
      'io.github.bake-windows-image.build': '26100',
      'io.github.bake-windows-image.firmware': 'uefi-secure',
      'io.github.bake-windows-image.os': 'w11',
      'io.github.bake-windows-image.updates.count': '0',
    });
    expect(run.stderr).not.toContain(password);
  });

  it('refuses wrong credentials with exit 1 and a hint, and shows the password nowhere', async () => {
    const wrong = 'wrong-Pa55-word-never-shown';
    const run = await runCli(
      ['push-image', '--image', image, '--ref', `${secured.host}/team/windows:x`, '--insecure', '--verbose'],
      '',
      { BAKE_REGISTRY_USERNAME: user, BAKE_REGISTRY_PASSWORD: wrong },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused the credentials of "builder"/);
    expect(run.stderr).toMatch(/hint: Check the user name and password/);
    expect(run.stderr).toContain(image);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(Buffer.from(`${user}:${wrong}`).toString('base64'));
  });

  it('keeps wrong credentials out of the error itself, not only out of what the CLI prints', async () => {
    const wrong = 'wrong-library-Pa55-word';
    const logged: string[] = [];
    const log = (message: string) => logged.push(message);
    const error = await pushImage({
      image,
      ref: `${secured.host}/team/windows:lib`,
      insecure: true,
      credentials: { username: user, password: wrong },
      logger: { phase: log, info: log, warn: log, debug: log },
    }).catch((caught: unknown) => caught as BuildError);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).code).toBe('registry-auth');
    expect(JSON.stringify({ ...(error as BuildError).toJSON(), logged })).not.toContain(wrong);
  });

  it('says to add --insecure when https meets a plain-http registry', async () => {
    const run = await runCli(['push-image', '--image', image, '--ref', `${registry.host}/windows:tls`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: Could not speak TLS .*wrong version number\nhint: .*add --insecure/);
  });

  it.each([
    [['--ref', 'windows:1'], /names no registry host/],
    [['--ref', 'localhost:5000/Windows'], /not a repository name/],
    [['--ref', 'localhost:5000/windows', '--tag=-bad'], /"-bad" is not a valid tag/],
    [['--ref', 'localhost:5000/windows', '--format', 'zip'], /--format zip is not a format/],
    [['--ref', 'localhost:5000/windows', '--username', 'u'], /--username u is given without a password/],
  ])('refuses %j with exit 2, sending nothing', async (args, message) => {
    proxy.requests.length = 0;
    const run = await runCli(['push-image', '--image', image, '--insecure', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(proxy.requests).toEqual([]);
  });

  it('refuses a missing image with exit 2', async () => {
    const run = await runCli([
      'push-image',
      '--image',
      path.join(dir, 'nothing.qcow2'),
      '--ref',
      `${proxy.host}/windows`,
      '--insecure',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing\.qcow2, is not a readable file/);
    expect(proxy.requests).toEqual([]);
  });
});
