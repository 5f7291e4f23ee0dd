/**
 * push-image on the command line (the bundle: npm run bundle first) against real registries: a token-protected
 * one (the right credentials push, wrong ones fail with exit 1 and appear nowhere), https meeting plain http,
 * --chunk-size, and usage errors (exit 2) that send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../../src/errors.js';
import { pushImage } from '../../src/registry/push.js';
import { runCli as runBundledCli, type CliRun } from '../support/cli.js';
import { makeQcow2, sha256, skopeo, startRegistry, type TestRegistry } from '../support/registry.js';
import type { CountingProxy } from '../support/registry-proxy.js';
import { registryFixture } from '../support/registry-fixture.js';

const fixture = registryFixture('push-cli');
// The file's shorthand for the fixture's parts (set once it has started).
let dir: string;
let registry: TestRegistry;
let proxy: CountingProxy;
let image: string;

beforeAll(() => {
  ({ dir, registry, proxy } = fixture);
  image = makeQcow2(dir, 'win11', 1);
});

/** The bundled CLI (npm run bundle first), with `input` on its stdin, a private HOME and only PATH besides `env`. */
function runCli(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runBundledCli(args, { stdin: input, env: { PATH: process.env.PATH, HOME: dir, ...env } });
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
    fixture.forget();
    const run = await runCli(['push-image', '--image', image, '--insecure', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(proxy.requests).toEqual([]);
  });

  it.each([
    ['0', /--chunk-size: "0" is below the smallest chunk, 256 KiB/],
    ['abc', /--chunk-size: "abc" is not a size/],
    ['-4M', /--chunk-size: "-4M" is not a size/],
    ['100KiB', /"100KiB" is below the smallest chunk/],
  ])('refuses --chunk-size %s with exit 2 and a hint, sending nothing', async (size, message) => {
    fixture.forget();
    const run = await runCli([
      'push-image',
      '--image',
      image,
      '--ref',
      `${proxy.host}/windows:chunks`,
      '--insecure',
      `--chunk-size=${size}`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/hint: Give a size of at least 256 KiB .* e\.g\. 50MiB/);
    expect(proxy.requests).toEqual([]);
  });

  it('pushes in chunks with --chunk-size 256KiB', async () => {
    fixture.forget();
    const run = await runCli([
      'push-image',
      '--image',
      image,
      '--ref',
      `${proxy.host}/windows:chunked`,
      '--insecure',
      '--chunk-size',
      '256KiB',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const ranges = fixture.patchHeaders().map((headers) => headers['content-range']);
    // The config's 2 bytes, then the (1 MiB and a bit) qcow2 in 256 KiB chunks.
    expect(ranges.slice(0, 3)).toEqual(['0-1', '0-262143', '262144-524287']);
    expect(ranges.length).toBeGreaterThan(5);
  });

  it('prints its own --help with exit 0', async () => {
    const run = await runCli(['push-image', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Usage: bake-windows-image push-image --image PATH --ref REGISTRY\/REPOSITORY\[:TAG\]/,
    );
    expect(run.stdout).toContain('--password-stdin');
  });

  it('refuses a missing image with exit 2', async () => {
    fixture.forget();
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
