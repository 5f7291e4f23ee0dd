/**
 * The media cache that stays on a self-hosted runner, through the action's main as the runner runs it (a dry
 * run: preflight and the plan, no VM), each job with a fresh runner.temp, the real @actions/cache client
 * against the local results service and the media from the local file server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { actionLogger } from '../../src/action/logger.js';
import { buildSavingMedia } from '../../src/action/build-steps.js';
import { runMain } from '../../src/action/main.js';
import { bytesTransferred, fetchMedium, type FetchedMedium } from '../../src/action/media.js';
import { MediaCache } from '../../src/deps/media-cache.js';
import { formatBytes } from '../../src/log.js';
import { ActionsServer, applyEnv, captureStdout, FileServer } from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

let actions: ActionsServer;
let files: FileServer;
let root: string;
let toolCache: string;
let restoreEnv: () => void;
let windowsIso: Buffer;
let virtioIso: Buffer;
let isoUrl: string;
let virtioUrl: string;
let notWindowsUrl: string;
/** @actions/core keeps the summary's path from its first use: one file for the whole suite. */
let summaryFile: string;
let job = 0;

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  actions = await ActionsServer.start();
  files = await FileServer.start();
  root = tempDir('local-media-cache');
  toolCache = path.join(root, 'tool-cache');
  summaryFile = path.join(root, 'summary.md');
  mkdirSync(path.join(root, 'workspace'));
  restoreEnv = applyEnv({
    ...actions.env({ workspace: path.join(root, 'workspace') }),
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_ENVIRONMENT: 'self-hosted',
    GITHUB_STEP_SUMMARY: summaryFile,
  });
  windowsIso = readFileSync(await makeWindowsIso(root, 'windows'));
  virtioIso = readFileSync(makeVirtioIso(root));
  isoUrl = files.route('/windows.iso', { body: windowsIso });
  virtioUrl = files.route('/virtio-win.iso', { body: virtioIso });
  notWindowsUrl = files.route('/not-windows.iso', { body: virtioIso });
});
afterAll(async () => {
  restoreEnv();
  await Promise.all([actions.close(), files.close()]);
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

const defaultDir = (): string => path.join(toolCache, 'bake-windows-image', 'media');
const cachedFile = (dir: string, bytes: Buffer): string => path.join(dir, 'files', sha(bytes));

/** What a job left: its outputs, log lines, summary, exit code and the requests it made to each server. */
async function observe(run: (dir: string) => Promise<void>, env: Record<string, string | undefined> = {}) {
  const dir = path.join(root, `job-${++job}`);
  mkdirSync(dir);
  const io = { GITHUB_OUTPUT: path.join(dir, 'output.txt'), GITHUB_STATE: path.join(dir, 'state.txt') };
  for (const file of [...Object.values(io), summaryFile]) writeFileSync(file, '');
  // runner.temp: wiped between jobs, at the same path (the Actions cache's version hashes the paths).
  const temp = path.join(root, 'runner-temp');
  rmSync(temp, { recursive: true, force: true });
  const undo = applyEnv({ ...io, ...env, RUNNER_TEMP: temp });
  const before = { actions: actions.requests.length, files: files.requests.length };
  const stdout = captureStdout();
  try {
    await run(temp);
  } finally {
    stdout.restore();
    undo();
  }
  const text = readFileSync(io.GITHUB_OUTPUT, 'utf8');
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return {
    outputs,
    lines: stdout.lines(),
    summary: readFileSync(summaryFile, 'utf8'),
    exitCode: process.exitCode,
    actionsRequests: actions.requests.slice(before.actions),
    fileRequests: files.requests.slice(before.files),
  };
}

/**
 * One job as the action's main does it, short of QEMU (the action has no dry-run input): both media through
 * fetchMedium with the local cache, then a dry-run build that keeps them after preflight.
 */
async function runJob(cacheDir = defaultDir()) {
  let fetched: FetchedMedium[] = [];
  const observed = await observe(async (temp) => {
    const cache = new MediaCache(cacheDir, 1024 ** 3, actionLogger);
    const signal = new AbortController().signal;
    const downloads = path.join(temp, 'bake-windows-image', 'downloads');
    try {
      fetched = [
        await fetchMedium(
          { url: isoUrl, sha256: sha(windowsIso) },
          path.join(downloads, 'windows.iso'),
          'windows-iso',
          'disc-image',
          signal,
          cache,
        ),
        await fetchMedium(
          { url: virtioUrl, sha256: sha(virtioIso) },
          path.join(downloads, 'virtio-win.iso'),
          'virtio-win',
          'disc-image',
          signal,
          cache,
        ),
      ];
      const options = {
        iso: fetched[0]!.path,
        virtioWinIso: fetched[1]!.path,
        output: path.join(temp, 'windows.qcow2'),
        workDir: path.join(temp, 'work'),
        dryRun: true,
        accel: 'tcg',
        firmware: 'bios',
        password: 'pw',
      } as const;
      await buildSavingMedia(options, fetched, signal);
    } finally {
      await cache.release();
    }
  });
  return { ...observed, fetched, bytes: bytesTransferred(fetched) };
}

/** The action's main on inputs whose Windows ISO preflight refuses (it has no install.wim): no QEMU runs. */
async function runMainRefused(
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
) {
  const values: Record<string, string> = {
    'iso-url': notWindowsUrl,
    'iso-sha256': sha(virtioIso),
    'virtio-win-url': virtioUrl,
    'virtio-win-sha256': sha(virtioIso),
    'openssh-msi-url': 'none',
    'install-deps': 'false',
    'artifact-name': '',
    accel: 'tcg',
    firmware: 'bios',
    password: 'pw',
    ...inputs,
  };
  const variables = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );
  return observe(() => runMain(new AbortController().signal), { ...variables, ...env });
}

describe('the local media cache on a self-hosted runner', () => {
  it('a first job downloads the media and keeps them once preflight accepted them', async () => {
    const run = await runJob();
    expect(run.exitCode).toBeUndefined();
    expect(run.fetched.map((m) => m.origin)).toEqual(['download', 'download']);
    expect(run.bytes).toBe(windowsIso.length + virtioIso.length);
    expect(run.fileRequests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(run.lines).toContain(
      `windows.iso: from the download, ${formatBytes(windowsIso.length)} transferred (sha256 ${sha(windowsIso)})`,
    );
    const preflight = run.lines.indexOf('==> Checking inputs and host');
    const saving = run.lines.indexOf(
      '==> Saving the downloaded media to the Actions cache and the local media cache',
    );
    expect(preflight).toBeGreaterThanOrEqual(0);
    expect(saving).toBeGreaterThan(preflight);
    for (const bytes of [windowsIso, virtioIso]) {
      const file = cachedFile(defaultDir(), bytes);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o400);
    }
    expect(statSync(defaultDir()).mode & 0o777).toBe(0o700);
    const index = JSON.parse(readFileSync(path.join(defaultDir(), 'index.json'), 'utf8')) as {
      keys: Record<string, string>;
    };
    expect(Object.values(index.keys).sort()).toEqual([sha(windowsIso), sha(virtioIso)].sort());
  });

  it('a second job transfers 0 bytes and asks neither the Actions cache nor the download server', async () => {
    const run = await runJob();
    expect(run.exitCode).toBeUndefined();
    expect(run.fetched.map((m) => m.origin)).toEqual(['local media cache', 'local media cache']);
    expect(run.bytes).toBe(0);
    expect(run.actionsRequests).toEqual([]);
    expect(run.fileRequests).toEqual([]);
    // The build read the media at their usual paths, under their own names.
    expect(run.fetched.map((m) => path.basename(m.path))).toEqual(['windows.iso', 'virtio-win.iso']);
    expect(readFileSync(run.fetched[0]!.path).equals(windowsIso)).toBe(true);
    // The job is over: it holds none of the files any more.
    expect(readdirOrEmpty(path.join(defaultDir(), 'users'))).toEqual([]);
  });

  it('a corrupt cached file is detected, fetched again and replaced', async () => {
    const file = cachedFile(defaultDir(), windowsIso);
    chmodSync(file, 0o600);
    appendFileSync(file, 'bit rot');
    const run = await runJob();
    expect(run.lines.some((line) => /^::warning::.*local media cache's copy .* is unusable/.test(line))).toBe(
      true,
    );
    // The Actions cache has it since the first job: restored from there this time.
    expect(run.fetched.map((m) => m.origin)).toEqual(['Actions cache', 'local media cache']);
    expect(run.bytes).toBe(windowsIso.length);
    expect(readFileSync(file).equals(windowsIso)).toBe(true);
    // And the next job finds it whole.
    expect((await runJob()).bytes).toBe(0);
  });

  it("the action's outputs and summary say where each medium came from; a refused medium is not kept", async () => {
    const run = await runMainRefused();
    expect(run.exitCode).toBe(1);
    expect(run.outputs['media-bytes-transferred']).toBe(String(virtioIso.length));
    expect(run.outputs['cache-hit']).toBe('false');
    expect(run.summary).toContain('<h3>Media</h3>');
    expect(run.summary).toContain(
      `<tr><td>windows.iso</td><td>download</td><td>${formatBytes(virtioIso.length)}</td></tr>`,
    );
    expect(run.summary).toContain('<tr><td>virtio-win.iso</td><td>local media cache</td><td>0 B</td></tr>');
    const index = readFileSync(path.join(defaultDir(), 'index.json'), 'utf8');
    expect(Object.keys((JSON.parse(index) as { keys: object }).keys)).toHaveLength(2);
  });
});

describe('without a local media cache, as today', () => {
  it('media-cache: false goes to the Actions cache for what the local cache holds', async () => {
    const index = readFileSync(path.join(defaultDir(), 'index.json'), 'utf8');
    const run = await runMainRefused({ 'media-cache': 'false' });
    expect(run.actionsRequests.length).toBeGreaterThan(0);
    expect(run.outputs['media-bytes-transferred']).toBe(String(2 * virtioIso.length));
    expect(run.summary).toContain(
      `<tr><td>virtio-win.iso</td><td>Actions cache</td><td>${formatBytes(virtioIso.length)}</td></tr>`,
    );
    expect(run.lines.some((line) => line.includes('local media cache'))).toBe(false);
    expect(readFileSync(path.join(defaultDir(), 'index.json'), 'utf8')).toBe(index);
  });

  it('a GitHub-hosted runner keeps no media in its tool cache', async () => {
    const hostedTools = path.join(root, 'hosted-tool-cache');
    const run = await runMainRefused(
      {},
      { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TOOL_CACHE: hostedTools },
    );
    expect(run.outputs['media-bytes-transferred']).toBe(String(2 * virtioIso.length));
    expect(run.summary).toContain(
      `<tr><td>virtio-win.iso</td><td>Actions cache</td><td>${formatBytes(virtioIso.length)}</td></tr>`,
    );
    expect(existsSync(path.join(hostedTools, 'bake-windows-image', 'media'))).toBe(false);
  });
});

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
