/**
 * The bundled action (dist/index.js) run as the runner runs it — INPUT_* env, GITHUB_OUTPUT/STATE/STEP_SUMMARY
 * files, RUNNER_TEMP — against a local server that speaks the real artifact and cache protocols and a local
 * file server for the virtio-win download, baking the stand-in guest under TCG.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kvmUsable } from '../../src/tools/kvm-access.js';
import { cacheKey } from '../../src/deps/cached-download.js';
import { ActionsServer, FileServer } from '../support/actions-server.js';
import { REPO, tempDir } from '../support/cli.js';
import { makeMsi } from '../support/msi.js';
import { skopeo, startRegistry, type TestRegistry } from '../support/registry.js';
import { standinMedia, type StandinMedia } from '../support/standin.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const ACTION = path.join(REPO, 'dist', 'index.js');
const PASSWORD = `act&on<pw>"'`;
let dir: string;
let media: StandinMedia;
let actions: ActionsServer;
let files: FileServer;
let virtioUrl: string;
let virtioSha: string;
let msiUrl: string;
let msiSha: string;
let registry: TestRegistry;
const JOB_TOKEN = 'ghs_job-token-for-ghcr-only';
const MSI_PATH = '/releases/OpenSSH-Win64-v9.8.3.0.msi';

beforeAll(async () => {
  dir = tempDir('action');
  media = standinMedia();
  actions = await ActionsServer.start();
  files = await FileServer.start();
  const virtio = readFileSync(media.virtioWin);
  virtioSha = createHash('sha256').update(virtio).digest('hex');
  virtioUrl = files.route('/virtio-win.iso', { body: virtio });
  const msi = readFileSync(makeMsi(dir));
  msiSha = createHash('sha256').update(msi).digest('hex');
  msiUrl = files.route(MSI_PATH, { body: msi });
  registry = await startRegistry();
});
afterAll(async () => {
  await registry?.stop();
  await actions.close();
  await files.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  files: { output: string; state: string; summary: string };
}

/** Parses the runner's `name<<delimiter` file format. */
function parseRunnerFile(file: string): Record<string, string> {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const result: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) result[match[1]!] = match[3]!;
  return result;
}

function runAction(
  name: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  onStdout?: (text: string, kill: () => void) => void,
): Promise<ActionRun> {
  const home = path.join(dir, name);
  mkdirSync(path.join(home, 'temp'), { recursive: true });
  mkdirSync(path.join(home, 'workspace'), { recursive: true });
  const runnerFiles = {
    output: path.join(home, 'output.txt'),
    state: path.join(home, 'state.txt'),
    summary: path.join(home, 'summary.md'),
  };
  for (const file of Object.values(runnerFiles)) if (!existsSync(file)) writeFileSync(file, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...actions.env({ workspace: path.join(home, 'workspace'), runnerTemp: path.join(home, 'temp') }),
    GITHUB_OUTPUT: runnerFiles.output,
    GITHUB_STATE: runnerFiles.state,
    GITHUB_STEP_SUMMARY: runnerFiles.summary,
    ...Object.fromEntries(
      Object.entries(inputs).map(([key, value]) => [`INPUT_${key.toUpperCase()}`, value]),
    ),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, () => child.kill('SIGKILL'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        outputs: parseRunnerFile(runnerFiles.output),
        state: parseRunnerFile(runnerFiles.state),
        summary: readFileSync(runnerFiles.summary, 'utf8'),
        files: runnerFiles,
      }),
    );
  });
}

function bakeInputs(output: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    iso: media.installer,
    'virtio-win-url': virtioUrl,
    'virtio-win-sha256': virtioSha,
    'openssh-msi-url': msiUrl,
    'openssh-msi-sha256': msiSha,
    output,
    username: 'runner',
    password: PASSWORD,
    hostname: 'bake-action',
    edition: 'Windows 11 Pro',
    firmware: 'bios',
    accel: 'tcg',
    cpus: '1',
    memory: '768',
    'disk-size': '2048',
    'build-timeout': '420',
    'install-deps': 'true',
    'artifact-name': 'standin-baseline.qcow2',
    'retention-days': '3',
    ...extra,
  };
}

function expectNoPassword(run: ActionRun): void {
  // ::add-mask:: is the command that tells the runner to mask it; the runner never prints that line.
  const log = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  expect(run.stdout).toContain(`::add-mask::${PASSWORD}`);
  for (const text of [log, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.state)]) {
    expect(text).not.toContain(PASSWORD);
  }
}

describe('the action', () => {
  it('bakes, uploads the image as a single-file artifact, sets outputs, writes the summary; a rerun restores virtio-win from the cache', async () => {
    const output = path.join(dir, 'images', 'baseline.qcow2');
    // Also pushed to a real registry (Debian's docker-registry) as an OCI artifact and a containerDisk.
    const publish = {
      publish: 'artifact, oci',
      'registry-ref': `${registry.host}/windows`,
      'registry-format': 'both',
      'registry-insecure': 'true',
      'github-token': JOB_TOKEN,
    };
    const run = await runAction('bake', bakeInputs(output, publish));
    expect({ code: run.code, tail: run.code === 0 ? '' : run.stdout.slice(-3000) }).toEqual({
      code: 0,
      tail: '',
    });
    expect(run.stdout).toMatch(/::group::Building the image/);
    expect(run.stdout).toMatch(/Guest signalled ready/);
    expectNoPassword(run);

    const image = readFileSync(output);
    const sha = createHash('sha256').update(image).digest('hex');
    expect(run.outputs).toMatchObject({
      'image-path': output,
      'image-sha256': sha,
      'image-size': String(image.length),
      'virtual-size': String(2048 * 1024 * 1024),
      'cache-hit': 'false',
      'artifact-name': 'standin-baseline.qcow2',
      'artifact-id': expect.stringMatching(/^\d+$/),
      'artifact-url': expect.stringContaining('/actions/runs/'),
      'duration-seconds': expect.stringMatching(/^\d+$/),
    });
    const artifact = actions.artifact('standin-baseline.qcow2')!;
    expect(artifact).toBeDefined();
    expect(artifact.bytes.equals(image)).toBe(true);
    expect(run.summary).toContain('Windows image baked');
    expect(run.summary).toContain(sha);
    expect(run.summary).toContain('standin-baseline.qcow2');
    expect(files.hits('/virtio-win.iso')).toHaveLength(1);
    // The OpenSSH MSI: downloaded, verified, cached, and shipped on the answer medium.
    expect(files.hits(MSI_PATH)).toHaveLength(1);
    expect(run.stdout).toMatch(/goes on the answer medium as openssh\/OpenSSH-Win64-v9\.8\.3\.0\.msi/);
    // …and the guest's first logon finds it there, by its Joliet name, as a Windows Installer package.
    expect(run.stdout).toMatch(
      /guest: installing [A-Z]:\\openssh\\OpenSSH-Win64-v9\.8\.3\.0\.msi from the answer medium/,
    );
    expect(actions.cacheEntries).toHaveLength(2);

    // The registry holds the image: its reference and digest are outputs, the job token stayed home (the
    // registry is not GHCR), and what skopeo pulls is the image byte for byte.
    expect(run.outputs['registry-ref']).toBe(`${registry.host}/windows@${run.outputs['registry-digest']}`);
    expect(run.outputs['registry-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.stdout).toContain(`Not sending the job's GITHUB_TOKEN to ${registry.host}`);
    expect(run.stdout).toContain(`::add-mask::${JOB_TOKEN}`);
    expect(run.stdout.replace(`::add-mask::${JOB_TOKEN}`, '')).not.toContain(JOB_TOKEN);
    expect(run.summary).toContain(run.outputs['registry-digest']);
    const pulled = path.join(dir, 'pulled');
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${run.outputs['registry-ref']}`,
      `dir:${pulled}`,
    ]);
    expect(readFileSync(path.join(pulled, sha)).equals(image)).toBe(true);
    const tags = JSON.parse(
      await skopeo(['list-tags', '--tls-verify=false', `docker://${registry.host}/windows`]),
    ) as { Tags: string[] };
    expect(tags.Tags).toHaveLength(4);
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        'latest',
        'latest-containerdisk',
        expect.stringMatching(/^windows-11-pro-\d{8}$/),
        expect.stringMatching(/^windows-11-pro-\d{8}-containerdisk$/),
      ]),
    );

    // A later job on the same runner (which empties runner.temp between jobs): virtio-win comes from the
    // cache, with no download; the existing image then stops the build.
    rmSync(path.join(dir, 'bake', 'temp'), { recursive: true, force: true });
    const rerun = await runAction('bake', bakeInputs(output));
    expect(rerun.code).toBe(1);
    expect({
      hit: rerun.outputs['cache-hit'],
      log: rerun.outputs['cache-hit'] === 'true' ? '' : rerun.stdout,
    }).toEqual({ hit: 'true', log: '' });
    expect(files.hits('/virtio-win.iso')).toHaveLength(1);
    expect(files.hits(MSI_PATH)).toHaveLength(1);
    expect(rerun.stdout).toMatch(/::error title=bake-windows-image%3A output-exists::.*already exists/);
    expect(readFileSync(output).equals(image)).toBe(true);
  });

  it('fails clearly on a checksum mismatch and caches nothing', async () => {
    const entries = actions.cacheEntries.length;
    const run = await runAction(
      'mismatch',
      bakeInputs(path.join(dir, 'mismatch', 'x.qcow2'), { 'virtio-win-sha256': 'ab'.repeat(32) }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error.*(checksum|sha256|SHA-256)/i);
    expect(actions.cacheEntries).toHaveLength(entries);
  });

  it.each([
    [{ 'disk-size': 'huge' }, /disk-size: "huge" is not a whole number/],
    [{ hostname: 'no_underscores' }, /hostname/],
    [{ 'artifact-name': 'a/b' }, /artifact/i],
    [{ 'retention-days': '365' }, /retention/i],
    [{ firmware: 'efi' }, /firmware/],
    [{ 'install-deps': 'maybe' }, /install-deps/],
  ])('rejects bad input %j with a clear failure', async (extra, message) => {
    const run = await runAction('bad-input', bakeInputs(path.join(dir, 'bad', 'x.qcow2'), extra));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`::error title=[^:]*::.*${message.source}`, message.flags));
    expect(run.stdout.match(/^::error/gm)).toHaveLength(1); // one annotation per failure
    expectNoPassword(run);
  });

  it('keys an unpinned virtio-win download by the versioned file its URL redirects to', async () => {
    const versioned = files.route('/archive/virtio-win-0.1.262.iso', { body: readFileSync(media.virtioWin) });
    const stable = files.route('/stable/virtio-win.iso', { redirect: '/archive/virtio-win-0.1.262.iso' });
    const output = path.join(dir, 'resolve', 'x.qcow2');
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileSync(output, 'occupied'); // the build stops right after the media phase
    const run = await runAction(
      'resolve',
      bakeInputs(output, { 'virtio-win-url': stable, 'virtio-win-sha256': '', 'artifact-name': '' }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${stable} resolves to ${versioned}`);
    const key = cacheKey('bake-windows-image-virtio-win', versioned);
    expect(actions.cacheLookups).toContain(key);
    // Preflight refused the build (the output is taken), so nothing it downloaded was cached.
    expect(actions.cacheEntries.map((entry) => entry.key)).not.toContain(key);
  });

  it('fails before any download when KVM is not usable', async () => {
    if (kvmUsable().ok) return; // this host has KVM: the error path cannot be reached here
    const url = files.route('/virtio-no-kvm.iso', { body: readFileSync(media.virtioWin) });
    const run = await runAction(
      'no-kvm',
      bakeInputs(path.join(dir, 'no-kvm', 'x.qcow2'), {
        accel: 'auto',
        'virtio-win-url': url,
        'virtio-win-sha256': '',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error title=bake-windows-image%3A kvm-unavailable::KVM is not usable.*accel tcg/,
    );
    expect(files.hits('/virtio-no-kvm.iso')).toHaveLength(0);
  });

  it('keeps the image and names its path when the artifact upload keeps failing', async () => {
    actions.failBlob({ status: 500 });
    try {
      const output = path.join(dir, 'upload-fails', 'image.qcow2');
      const run = await runAction('upload-fails', bakeInputs(output, { 'artifact-name': 'will-fail.qcow2' }));
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`::error.*${output.replace(/[.]/g, '\\.')}`));
      expect(existsSync(output)).toBe(true);
      expect(run.outputs['image-path']).toBe(output);
      // Three attempts, the later two under fresh names (the first one's name is taken for the run).
      expect(run.stdout).toMatch(/"will-fail-attempt3\.qcow2" failed after .* \(3 attempts\)/);
      expect(run.summary).toContain('Windows image baked, but the step failed');
      expect(run.summary).toContain(`<code>${output}</code>`);
    } finally {
      actions.clearFaults();
    }
  });

  it('post cleans up after main crashed with QEMU running', async () => {
    const output = path.join(dir, 'crash-images', 'image.qcow2');
    let qemuPid = 0;
    const main = await runAction('crash', bakeInputs(output), {}, (stdout, kill) => {
      const started = stdout.match(/QEMU started \(pid (\d+)/);
      if (started && !qemuPid) {
        qemuPid = Number(started[1]);
        kill();
      }
    });
    expect(main.code).toBeNull(); // killed
    expect(qemuPid).toBeGreaterThan(0);
    expect(() => process.kill(qemuPid, 0)).not.toThrow(); // orphaned, still running
    const workDir = main.state['work-dir']!;
    expect(existsSync(workDir)).toBe(true);

    const post = await runAction(
      'crash',
      {},
      { STATE_is_post: 'true', 'STATE_is-post': 'true', 'STATE_work-dir': workDir },
    );
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/Stopping 1 process/);
    expect(() => process.kill(qemuPid, 0)).toThrow();
    expect(existsSync(workDir)).toBe(false);
    expect(readdirSync(path.dirname(output)).filter((f) => !f.startsWith('.'))).toEqual([]);
  });
});
