/**
 * A failed build's bundle in the action: uploaded as `<artifact-name>-failure` (the real artifact client against
 * the local results service: a zip of its files, kept 7 days at most), named in the error annotation, and its
 * phase, guest step and serial lines shown in the job summary. A synthetic bundle: no QEMU needed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fail } from '../../src/action/main.js';
import type { FailureFacts } from '../../src/bake/failure-bundle.js';
import { BuildError } from '../../src/errors.js';
import { ActionsServer, applyEnv, captureStdout } from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';

let server: ActionsServer;
let dir: string;
let summaryFile: string;
let restoreEnv: () => void;
let stdout: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  server = await ActionsServer.start();
  dir = tempDir('action-failure-bundle');
  summaryFile = path.join(dir, 'summary.md');
  restoreEnv = applyEnv({
    ...server.env({ runnerTemp: path.join(dir, 'temp') }),
    GITHUB_STEP_SUMMARY: summaryFile,
  });
});
afterAll(async () => {
  restoreEnv();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  writeFileSync(summaryFile, '');
  stdout = captureStdout();
});
afterEach(() => {
  stdout.restore();
  server.clearFaults();
  process.exitCode = undefined;
});

const FACTS: FailureFacts = {
  code: 'guest-step-failed',
  message: 'The first-logon script failed',
  phase: 'Windows Setup (2 reboots so far)',
  elapsed: '4 min 12 s',
  reboots: 2,
  serialTail: [
    'standin: first logon: running F:\\first-logon.ps1',
    'bake-windows-image: guest failed: <tools> & co',
  ],
  guestLastStep: 'virtio-win guest tools: E:\\virtio-win-guest-tools.exe exited with code 1603',
  guestLogs: [],
};

let bundles = 0;
/** A bundle as the builder leaves it, and the error that names it. */
function failedBuild(): { error: BuildError; bundle: string } {
  const bundle = path.join(dir, `out-${++bundles}`, 'win.qcow2.failure');
  mkdirSync(path.join(bundle, 'screens'), { recursive: true });
  writeFileSync(path.join(bundle, 'failure.json'), JSON.stringify(FACTS));
  writeFileSync(path.join(bundle, 'serial.log'), `${FACTS.serialTail.join('\n')}\n`);
  writeFileSync(path.join(bundle, 'screens', '0001-setup-failure.png'), Buffer.from('not really a png'));
  const error = new BuildError('guest-step-failed', FACTS.message, {
    hint: `Read the log. Failure bundle: ${bundle}; last screenshot: ${bundle}/screens/0001-setup-failure.png`,
    bundle,
  });
  return { error, bundle };
}

/** The file names in a zip's central directory (what the artifact client uploaded). */
function zipNames(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = zip.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0;) {
    const length = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + length));
    at = zip.indexOf('PK\x01\x02', at + 46 + length, 'latin1');
  }
  return names.sort();
}

const annotations = (kind: string): string[] => stdout.lines().filter((line) => line.startsWith(`::${kind}`));

describe('a build that left a failure bundle', () => {
  it('uploads it as <artifact-name>-failure for 7 days at most, and the annotation and the summary name it', async () => {
    const { error } = failedBuild();
    await fail(
      error,
      { runnerTemp: path.join(dir, 'temp') },
      { artifactName: 'win.qcow2', retentionDays: 30 },
    );
    expect(process.exitCode).toBe(1);
    const artifact = server.artifact('win.qcow2-failure');
    expect(artifact).toBeDefined();
    expect(zipNames(artifact!.bytes)).toEqual([
      'failure.json',
      'screens/0001-setup-failure.png',
      'serial.log',
    ]);
    const days = (Date.parse(artifact!.expiresAt!) - artifact!.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(7);
    const errors = annotations('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/The failure bundle is the artifact "win\.qcow2-failure" \(http/);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('Failure bundle');
    expect(summary).toMatch(/<a href="[^"]+">win\.qcow2-failure<\/a>/);
    expect(summary).toContain('Windows Setup (2 reboots so far) (4 min 12 s, 2 reboots)');
    expect(summary).toContain('virtio-win guest tools: E:\\virtio-win-guest-tools.exe exited with code 1603');
    expect(summary).toContain('bake-windows-image: guest failed: &lt;tools&gt; &amp; co');
  });

  it('a shorter retention-days wins', async () => {
    const { error } = failedBuild();
    await fail(error, {}, { artifactName: 'short.qcow2', retentionDays: 2 });
    const artifact = server.artifact('short.qcow2-failure')!;
    const days = (Date.parse(artifact.expiresAt!) - artifact.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(2);
  });

  it('without an artifact name stays on the runner, and the annotation and the summary say where', async () => {
    const { error, bundle } = failedBuild();
    const before = server.artifacts.length;
    await fail(error, {}, { artifactName: undefined });
    expect(server.artifacts).toHaveLength(before);
    expect(annotations('error')[0]).toContain(
      `The failure bundle is on the runner at ${bundle} (not uploaded).`,
    );
    expect(readFileSync(summaryFile, 'utf8')).toContain(
      `<code>${bundle}</code> on the runner (not uploaded)`,
    );
  });

  it('an upload that fails is a warning; the build error is still the one reported', async () => {
    server.failBlob({ status: 403, times: 10 });
    const { error, bundle } = failedBuild();
    await fail(error, {}, { artifactName: 'refused.qcow2' });
    expect(annotations('warning').join('\n')).toContain(`Could not upload the failure bundle ${bundle}`);
    const errors = annotations('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error title=bake-windows-image%3A guest-step-failed::/);
    expect(errors[0]).toContain('(not uploaded)');
  });
});
