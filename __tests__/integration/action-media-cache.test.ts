/**
 * The action saves downloaded media to the Actions cache only after the build's preflight accepted them:
 * cachedDownload and the action's buildSavingMedia (a dry run: preflight and the plan, no VM) with the real
 * @actions/cache client against the local results service, and the media from the local file server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { actionSteps, afterAdmission, buildSavingMedia } from '../../src/action/build-steps.js';
import type { Step } from '../../src/bake/context.js';
import { createSteps } from '../../src/bake/builder.js';
import { Preflight } from '../../src/bake/steps/preflight.js';
import { Admission } from '../../src/bake/steps/admission.js';
import { cachedDownload, cacheKey } from '../../src/deps/cached-download.js';
import { BuildError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { ActionsServer, applyEnv, captureStdout, FileServer } from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

let actions: ActionsServer;
let files: FileServer;
let root: string;
let windowsIso: Buffer;
let virtioIso: Buffer;
let restoreEnv: () => void;

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  actions = await ActionsServer.start();
  files = await FileServer.start();
  root = tempDir('action-media-cache');
  mkdirSync(path.join(root, 'workspace'));
  restoreEnv = applyEnv(
    actions.env({ workspace: path.join(root, 'workspace'), runnerTemp: path.join(root, 'runner-temp') }),
  );
  windowsIso = readFileSync(await makeWindowsIso(root, 'windows'));
  virtioIso = readFileSync(makeVirtioIso(root));
});
afterAll(async () => {
  restoreEnv();
  await Promise.all([actions.close(), files.close()]);
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** One job: both media downloaded (cache miss), then the dry-run build; its log lines and failure, if any. */
async function job(windows: Buffer) {
  const n = ++counter;
  const dir = path.join(root, `job-${n}`);
  const medium = async (name: string, prefix: string, bytes: Buffer) => {
    const url = files.route(`/${n}/${name}`, { body: bytes });
    const key = cacheKey(prefix, url, sha(bytes));
    const result = await cachedDownload({
      url,
      sha256: sha(bytes),
      cacheKeyPrefix: prefix,
      dir: path.join(dir, 'downloads'),
      fileName: name,
      content: 'disc-image',
      logger: silentLogger,
    });
    return { result, key };
  };
  const iso = await medium('windows.iso', `windows-iso-${n}`, windows);
  const virtio = await medium('virtio-win.iso', `virtio-win-${n}`, virtioIso);
  expect([iso.result.source, virtio.result.source]).toEqual(['download', 'download']);
  const stdout = captureStdout();
  let failure: BuildError | undefined;
  try {
    const options = {
      iso: iso.result.path,
      virtioWinIso: virtio.result.path,
      output: path.join(dir, 'windows.qcow2'),
      workDir: path.join(dir, 'work'),
      dryRun: true,
      accel: 'tcg',
      firmware: 'bios',
      password: `pa$$'"w\`rd`,
    } as const;
    await buildSavingMedia(options, [iso.result, virtio.result], new AbortController().signal).catch(
      (error: unknown) => (failure = error as BuildError),
    );
  } finally {
    stdout.restore();
  }
  return { lines: stdout.lines(), failure, isoKey: iso.key, virtioKey: virtio.key };
}

describe('the action caches media after preflight', () => {
  it('saves media that preflight accepted, after it accepted them', async () => {
    const run = await job(windowsIso);
    expect(run.failure).toBeUndefined();
    const preflight = run.lines.indexOf('==> Checking inputs and host');
    const saving = run.lines.indexOf('==> Saving the downloaded media to the Actions cache');
    expect(preflight).toBeGreaterThanOrEqual(0);
    expect(saving).toBeGreaterThan(preflight);
    expect(actions.cacheEntry(run.isoKey)).toBeDefined();
    expect(actions.cacheEntry(run.virtioKey)).toBeDefined();
  });

  it('never saves media that preflight refused (an ISO without install.wim)', async () => {
    const creates = actions.rpcCalls('CreateCacheEntry').length;
    const run = await job(virtioIso);
    expect(run.failure?.code).toBe('input-invalid');
    expect(run.lines).not.toContain('==> Saving the downloaded media to the Actions cache');
    expect(actions.rpcCalls('CreateCacheEntry')).toHaveLength(creates);
    expect(actions.cacheEntry(run.isoKey)).toBeUndefined();
    expect(actions.cacheEntry(run.virtioKey)).toBeUndefined();
  });

  it('afterAdmission puts the step right after Admission (nothing big is made before it)', () => {
    const step = { title: 'x', run: () => Promise.resolve() };
    const steps = afterAdmission(createSteps(), step);
    expect(steps[0]).toBeInstanceOf(Preflight);
    expect(steps[2]).toBeInstanceOf(Admission);
    expect(steps[3]).toBe(step);
    expect(steps).toHaveLength(createSteps().length + 1);
  });

  it("the action's steps follow its options (generalize, updates, provisioning, the base cache)", () => {
    const step = { title: 'x', run: () => Promise.resolve() };
    const kinds = (steps: Step[]): string[] => steps.map((each) => each.constructor.name);
    const plain = kinds(actionSteps({ iso: 'w.iso', virtioWinIso: 'v.iso', output: 'o' }, step));
    expect(plain).toContain('ShutDown');
    expect(plain).not.toContain('Generalize');
    const chosen = kinds(
      actionSteps(
        {
          iso: 'w.iso',
          virtioWinIso: 'v.iso',
          output: 'o',
          generalize: true,
          windowsUpdate: true,
          provision: ['a.ps1'],
          baseCache: '/c',
        },
        step,
      ),
    );
    expect(chosen).toEqual(
      expect.arrayContaining(['Generalize', 'InstallWindowsUpdates', 'Provision', 'LookUpBase', 'KeepBase']),
    );
    expect(chosen).not.toContain('ShutDown');
  });
});
