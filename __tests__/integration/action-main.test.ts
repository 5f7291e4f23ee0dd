/**
 * The action's main as the runner runs it (INPUT_* variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY files,
 * RUNNER_TEMP), short of a bake: the upload preflight, the summary of a failure before any image, and a built
 * image's outputs, upload (the real artifact client against the local results service) and summary.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publishImage, runMain } from '../../src/action/main.js';
import { readSettings } from '../../src/action/inputs.js';
import { writeFailureSummary, type BuiltImage } from '../../src/action/summary.js';
import { Timeline } from '../../src/bake/timeline.js';
import { BuildError } from '../../src/errors.js';
import { ACTIONS_ENV_UNSET, ActionsServer, applyEnv, captureStdout } from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

let server: ActionsServer;
let dir: string;
let temp: string;
let files: { output: string; state: string; summary: string };
let restoreEnv: () => void;
let stdout: ReturnType<typeof captureStdout>;
let undoInputs: () => void = () => {};

beforeAll(async () => {
  server = await ActionsServer.start();
  dir = tempDir('action-main');
  temp = path.join(dir, 'runner-temp');
  files = {
    output: path.join(dir, 'output.txt'),
    state: path.join(dir, 'state.txt'),
    summary: path.join(dir, 'summary.md'),
  };
  restoreEnv = applyEnv({
    ...server.env({ runnerTemp: temp }),
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    // @actions/core keeps the summary's path from its first use: one file for the whole suite.
    GITHUB_STEP_SUMMARY: files.summary,
  });
});
afterAll(async () => {
  restoreEnv();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  mkdirSync(temp, { recursive: true });
  for (const file of Object.values(files)) writeFileSync(file, '');
  stdout = captureStdout();
});
afterEach(() => {
  stdout.restore();
  undoInputs();
  server.clearFaults();
  process.exitCode = undefined;
});

function inputs(values: Record<string, string>): void {
  undoInputs = applyEnv(
    Object.fromEntries(Object.entries(values).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  );
}

/** Inputs that pass reading but stop the build at once: the ISO does not exist. */
function failingBakeInputs(extra: Record<string, string>): Record<string, string> {
  return {
    iso: path.join(dir, 'missing.iso'),
    'virtio-win-iso': path.join(dir, 'missing-virtio.iso'),
    'openssh-msi-url': 'none',
    'install-deps': 'false',
    accel: 'tcg',
    firmware: 'bios',
    password: 'pw',
    ...extra,
  };
}

/** The runner's `name<<delimiter` file format. */
function outputs(file = files.output): Record<string, string> {
  const text = readFileSync(file, 'utf8');
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) result[match[1]!] = match[3]!;
  return result;
}

const summary = (): string => readFileSync(files.summary, 'utf8');
/** What main saved for the post step. */
const savedState = () => outputs(files.state);
const annotations = (kind: string): string[] => stdout.lines().filter((line) => line.startsWith(`::${kind}`));

describe('before any image', () => {
  it('fails at once when the upload cannot work, naming the missing variables and the fix', async () => {
    const undo = applyEnv(ACTIONS_ENV_UNSET);
    try {
      inputs(failingBakeInputs({ 'artifact-name': 'win.qcow2' }));
      await runMain(new AbortController().signal);
    } finally {
      undo();
    }
    expect(process.exitCode).toBe(1);
    const errors = annotations('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error title=bake-windows-image%3A upload-failed::/);
    expect(errors[0]).toMatch(/ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set/);
    expect(errors[0]).toMatch(/artifact-name: '' to skip the upload/);
    // Nothing after the preflight ran: no work dir was even named.
    expect(readFileSync(files.state, 'utf8')).not.toMatch(/work-dir/);
    expect(summary()).toContain('No Windows image was produced');
    expect(summary()).toContain('<code>upload-failed</code>');
    expect(summary()).toContain('before any image existed');
  });

  it('with no artifact name, warns that the image stays in runner.temp, and the summary says what failed', async () => {
    inputs(failingBakeInputs({ 'artifact-name': '' }));
    await runMain(new AbortController().signal);
    const warnings = annotations('warning').filter((line) => line.includes('no upload'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `artifact-name is empty: the image will not be uploaded. It stays at ${temp}`,
    );
    expect(warnings[0]).toMatch(/inside runner\.temp, which is wiped when the job ends/);
    expect(process.exitCode).toBe(1);
    const [error] = annotations('error');
    const code = /bake-windows-image%3A ([\w-]+)::/.exec(error!)![1]!;
    expect(summary()).toContain('No Windows image was produced');
    expect(summary()).toContain(`<code>${code}</code>`);
    expect(summary()).toContain('missing.iso');
    // The timeline, as far as it went: the (empty) download, then the build's preflight, which failed.
    expect(summary()).toMatch(
      /<h3>Timeline<\/h3><table><tr><th>Phase<\/th><th>Started at<\/th><th>Duration<\/th><\/tr><tr><td>getting the installation media<\/td><td>0 ms<\/td><td>[^<]+<\/td><\/tr><tr><td>preflight \(failed here\)<\/td>/,
    );
    expect(summary()).toContain('0 reboots of the guest.');
    // The private directory the action chose for the build (no output given) is gone with the failed build.
    const placed = /It stays at (\S+)\/[^/\s]+\.qcow2/.exec(warnings[0]!)![1]!;
    expect(placed).toMatch(/bake-windows-image-[^/]+$/);
    expect(existsSync(placed)).toBe(false);
  });

  it('writes the summary when the inputs themselves are wrong', async () => {
    inputs(failingBakeInputs({ 'disk-size': 'huge' }));
    await runMain(new AbortController().signal);
    expect(process.exitCode).toBe(1);
    expect(summary()).toContain('<code>invalid-option</code>');
    expect(summary()).toMatch(/disk-size: &quot;huge&quot; is not a whole number/);
  });
});

describe('a build that failed after finishing the image', () => {
  it('says the image was kept, not that there is none', async () => {
    const error = new BuildError('cancelled', 'The build was cancelled', {
      hint: 'The finished image is at /out/win.qcow2: move it where you want it.',
    });
    await writeFailureSummary({ error });
    expect(summary()).toContain('Windows image kept, but the build failed');
    expect(summary()).toContain('The finished image is at /out/win.qcow2');
    expect(summary()).not.toContain('No Windows image was produced');
  });
});

describe('a built image', () => {
  let counter = 0;
  function built(name = 'image.qcow2'): BuiltImage {
    const folder = path.join(temp, 'bake-windows-image', `out-${++counter}`);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, name);
    const bytes = randomBytes(4096);
    writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return {
      kind: 'image',
      image: { path: file, sizeBytes: bytes.length, virtualSizeBytes: 1 << 30, sha256 },
      os: 'w11',
      durationMs: 61_000,
      timeline: {
        phases: [
          { name: 'preflight', title: 'preflight', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 2_000 },
          { name: 'oobe', title: 'OOBE', startedAt: '2025-01-01T00:00:02.000Z', durationMs: 59_000 },
        ],
        reboots: [
          { count: 1, at: '2025-01-01T00:00:10.000Z' },
          { count: 2, at: '2025-01-01T00:00:20.000Z' },
        ],
        guestSteps: [],
      },
    };
  }

  it('whose upload fails keeps its outputs, and the error and the summary say where it is and how to keep it', async () => {
    server.failBlob({ status: 403, times: 1 });
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'refused.qcow2', password: 'pw' });
    const settings = readSettings();
    const result = built();
    await publishImage(result, settings, settings.options);
    expect(process.exitCode).toBe(1);
    expect(outputs()).toMatchObject({ 'image-path': result.image.path, 'image-sha256': result.image.sha256 });
    expect(outputs()['artifact-id']).toBeUndefined();
    // Published nowhere: the post step keeps a directory the action chose.
    expect(savedState().published).toBeUndefined();
    const errors = annotations('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/upload-failed::Uploading the artifact "refused\.qcow2" failed/);
    expect(errors[0]).toContain(`The image is at ${result.image.path}, inside runner.temp, which is wiped`);
    expect(errors[0]).toMatch(
      /set output to a path outside runner\.temp, or add a step after this one with if: always\(\)/,
    );
    expect(errors[0]).toContain('steps.<id>.outputs.image-path');
    expect(existsSync(result.image.path)).toBe(true);
    expect(summary()).toContain('Windows image baked, but the step failed');
    expect(summary()).toContain(
      `it is only on the runner at <code>${result.image.path}</code>, inside runner.temp`,
    );
    expect(summary()).toContain(result.image.sha256);
    // No timeline given: the build's own, whose phases all succeeded (the upload failed after them).
    expect(summary()).toContain('<tr><td>OOBE</td><td>2.0 s</td><td>59.0 s</td></tr>');
    expect(summary()).not.toContain('failed here');
    expect(summary()).toContain('2 reboots of the guest.');
  });

  it("puts the action's timeline in the summary: the download, the build's phases, the upload", async () => {
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'timed.qcow2', password: 'pw' });
    const settings = readSettings();
    let now = Date.parse('2025-01-01T00:00:00Z');
    const timeline = new Timeline(() => now);
    timeline.start('media');
    now += 90_000;
    timeline.start('oobe');
    timeline.reboot(1);
    timeline.guestStep('start sshd', 'started');
    timeline.guestStep('start sshd', 'ok');
    now += 30_000;
    await publishImage(built(), settings, settings.options, timeline);
    expect(process.exitCode).toBeUndefined();
    expect(summary()).toContain(
      '<tr><td>getting the installation media</td><td>0 ms</td><td>1 min 30 s</td></tr>' +
        '<tr><td>OOBE</td><td>1 min 30 s</td><td>30.0 s</td></tr>' +
        '<tr><td>uploading the image</td><td>2 min 00 s</td><td>0 ms</td></tr></table>' +
        '<p>1 reboot of the guest.</p>',
    );
  });

  it('is uploaded under its auto name, from the os the build found, with a download command that works', async () => {
    inputs({
      iso: '/isos/win.iso',
      edition: "Bob's $HOME Edition",
      firmware: 'uefi-secure',
      'artifact-name': 'auto',
      'job-index': '3',
      password: 'pw',
    });
    const settings = readSettings();
    const result = built();
    await publishImage(result, settings, settings.options);
    expect(process.exitCode).toBeUndefined();
    const name = outputs()['artifact-name']!;
    expect(name).toMatch(/^bob-s-home-edition-w11-uefi-secure-job3-\d{8}\.qcow2$/);
    const artifact = server.artifact(name)!;
    expect(outputs()['artifact-id']).toBe(String(artifact.id));
    expect(savedState().published).toBe('true');
    expect(summary()).toContain(
      `curl -fL -H &quot;Authorization: Bearer $(gh auth token)&quot; -o ${name} ` +
        `https://api.github.com/repos/octo-org/bake-windows-image-test/actions/artifacts/${artifact.id}/zip`,
    );
    expect(summary()).toContain(`echo '${result.image.sha256}  ${name}' | sha256sum -c`);
    // The boot lines use the downloaded file's name.
    expect(summary()).toContain(`file=${name} `);
  });

  it('quotes an artifact name with spaces, quotes and $ in the commands', async () => {
    const name = `it's $HOME win.qcow2`;
    inputs({ iso: '/isos/win.iso', 'artifact-name': name, password: 'pw' });
    const settings = readSettings();
    await publishImage(built(), settings, settings.options);
    expect(process.exitCode).toBeUndefined();
    expect(server.artifact(name)).toBeDefined();
    expect(summary()).toContain(`-o 'it'\\''s $HOME win.qcow2' `);
    expect(summary()).toContain(`-drive 'if=none,id=disk0,discard=unmap,file=it'\\''s $HOME win.qcow2' `);
  });

  describe('with publish: oci', () => {
    let registry: TestRegistry;
    beforeAll(async () => {
      registry = await startRegistry();
    });
    afterAll(async () => {
      await registry?.stop();
    });

    it('pushes the image after the build, sets registry-digest and registry-ref, and has a summary row', async () => {
      inputs({
        iso: '/isos/win.iso',
        password: 'pw',
        publish: 'oci',
        'registry-ref': `${registry.host}/octo/windows`,
        'registry-tags': 'v1, stable',
        'registry-insecure': 'true',
        'registry-username': '',
        'registry-password': '',
      });
      const settings = readSettings();
      expect(settings.artifactName).toBeUndefined();
      const result = built();
      await publishImage(result, settings, settings.options);
      expect(process.exitCode).toBeUndefined();
      const digest = outputs()['registry-digest']!;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(outputs()['registry-ref']).toBe(`${registry.host}/octo/windows@${digest}`);
      expect(outputs()['artifact-id']).toBeUndefined();
      expect(savedState().published).toBe('true');
      expect(annotations('warning').join('\n')).not.toContain('will not be uploaded');
      expect(summary()).toContain(
        `<tr><td>Registry (OCI artifact)</td><td><code>${registry.host}/octo/windows@${digest}</code><br>tags: v1, stable</td></tr>`,
      );
    });

    it('whose push fails fails the job (exit 1), with the image kept and named in the error', async () => {
      // Plain http spoken to without registry-insecure: the TLS handshake fails at once.
      inputs({
        iso: '/isos/win.iso',
        password: 'pw',
        publish: 'artifact, oci',
        'artifact-name': 'pushed.qcow2',
        'registry-ref': `${registry.host}/octo/windows`,
      });
      const settings = readSettings();
      const result = built();
      await publishImage(result, settings, settings.options);
      expect(process.exitCode).toBe(1);
      expect(outputs()['image-path']).toBe(result.image.path);
      expect(outputs()['registry-digest']).toBeUndefined();
      const errors = annotations('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/push-failed::Could not speak TLS/);
      expect(errors[0]).toContain(`The image is at ${result.image.path}`);
      expect(existsSync(result.image.path)).toBe(true);
    });

    it('refuses a bad registry-ref before anything is built', () => {
      inputs({ iso: '/isos/win.iso', password: 'pw', publish: 'oci', 'registry-ref': 'windows' });
      expect(() => readSettings()).toThrow(/names no registry host/);
    });
  });
});
