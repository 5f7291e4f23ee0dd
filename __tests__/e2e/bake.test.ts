/**
 * End to end against the stand-in guest (test/standin), with real QEMU (TCG), real ISOs and real SSH:
 * successful bakes through the bundled CLI, then the image booted again and logged into; the seed's
 * defects, each shown to break the install the way it breaks real Setup; guest failures; cancellation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILD_STEPS, WindowsImageBuilder, type BuildInput } from '../../src/build/builder.js';
import type { Step } from '../../src/build/context.js';
import { answerMedium } from '../../src/build/steps/answer-medium.js';
import { install, installStep } from '../../src/build/steps/install.js';
import { BuildError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { makeIso as makeXorrisoIso } from '../../src/tools/xorriso.js';
import { bootAndCheck } from '../support/boot.js';
import { CLI, runCli, tempDir } from '../support/cli.js';
import { standinMedia, STANDIN_VM_FLAGS, type StandinMedia } from '../support/standin.js';

const PASSWORD = `p&ss<w>"rd'`;
const USERNAME = 'baker';
let dir: string;
let media: StandinMedia;

beforeAll(() => {
  dir = tempDir('e2e');
  media = standinMedia();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cliArgs(output: string, firmware: string, extra: string[] = []): string[] {
  return [
    'build-image',
    '--iso',
    media.installer,
    '--virtio-win-iso',
    media.virtioWin,
    '--output',
    output,
    '--firmware',
    firmware,
    '--username',
    USERNAME,
    '--password',
    PASSWORD,
    '--hostname',
    'bake-e2e',
    '--build-timeout',
    '420',
    ...STANDIN_VM_FLAGS,
    ...extra,
  ];
}

/** The bake under test, driven as a library with one step swapped or tuned (the seams a test may use). */
function builder(input: Partial<BuildInput>, steps: readonly Step[], logger?: Logger): WindowsImageBuilder {
  return new WindowsImageBuilder(
    {
      iso: media.installer,
      virtioWinIso: media.virtioWin,
      output: path.join(dir, 'lib', `${Math.random().toString(36).slice(2)}.qcow2`),
      accel: 'tcg',
      firmware: 'bios',
      cpus: 1,
      memoryMiB: 768,
      diskSizeMiB: 2048,
      username: USERNAME,
      password: PASSWORD,
      ...input,
    },
    logger,
    steps,
  );
}

function replacing(original: Step, replacement: Step): Step[] {
  return BUILD_STEPS.map((step) => (step === original ? replacement : step));
}

async function failure(run: Promise<unknown>): Promise<BuildError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error('the build succeeded');
}

describe('successful bakes', () => {
  it('bakes BIOS and UEFI images at the same time; each boots again and accepts the account over SSH', async () => {
    const bios = path.join(dir, 'bios', 'image.qcow2');
    const uefi = path.join(dir, 'uefi', 'image.qcow2');
    const [biosRun, uefiRun] = await Promise.all([
      runCli(cliArgs(bios, 'bios', ['--json'])),
      runCli(cliArgs(uefi, 'uefi', ['--json'])),
    ]);
    for (const [run, output] of [
      [biosRun, bios],
      [uefiRun, uefi],
    ] as const) {
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ ok: true, dryRun: false, image: { path: output } });
      expect(run.stderr).toMatch(/Answering the boot prompt|Guest rebooted \(2\)/);
      expect(run.stderr).toMatch(/Guest signalled ready on the serial port/);
      expect(run.stderr + run.stdout).not.toContain(PASSWORD);
      expect(readdirSync(path.dirname(output))).toEqual(['image.qcow2']);
      execFileSync('qemu-img', ['check', output]);
    }
    // BIOS: Windows media show no prompt while the disk is blank, so no key is pressed at all.
    expect(biosRun.stderr).not.toMatch(/Answering the boot prompt/);
    expect(uefiRun.stderr.match(/Answering the boot prompt/g)).toHaveLength(1);

    const [biosBoot, uefiBoot] = await Promise.all([
      bootAndCheck(bios, 'bios', { username: USERNAME, password: PASSWORD }),
      bootAndCheck(uefi, 'uefi', { username: USERNAME, password: PASSWORD }),
    ]);
    for (const booted of [biosBoot, uefiBoot]) {
      expect(booted.marker.stdout.trim()).toBe('True');
      expect(booted.hostname.stdout.trim().toLowerCase()).toBe('bake-e2e');
    }
  });
});

describe("the seed's defects break the install as they break real Setup", () => {
  it('an answer medium without Joliet is never found: Setup waits, the build times out', async () => {
    const noJoliet: Step = {
      title: 'Writing the answer medium without Joliet',
      async run(context) {
        await answerMedium.run(context);
        const iso = context.answerMedium!;
        const files = ['autounattend.xml', 'first-logon.ps1'].map((name) => ({
          name,
          source: path.join(context.workDir!, name),
        }));
        rmSync(iso);
        execFileSync('xorrisofs', [
          '-r',
          '-V',
          'AUTOUNATTEND',
          '-quiet',
          '-o',
          iso,
          '-graft-points',
          ...files.map((f) => `/${f.name}=${f.source}`),
        ]);
      },
    };
    const error = await failure(
      builder({ buildTimeoutSeconds: 90 }, replacing(answerMedium, noJoliet)).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 90 s/);
    expect(error.message).toMatch(/answer file|autounattend/i);
  });

  it('DriverPaths under Microsoft-Windows-Setup load no driver: no disk is found', async () => {
    const misplaced: Step = {
      title: 'Writing the answer medium with DriverPaths in the wrong component',
      async run(context) {
        await answerMedium.run(context);
        const original = context.workDir!;
        const xml = path.join(original, 'autounattend.xml');
        const text = readFileSync(xml, 'utf8');
        // The seed's mistake: the same DriverPaths, in a component that Setup does not read them from.
        const moved = text.replace('Microsoft-Windows-PnpCustomizationsWinPE', 'Microsoft-Windows-Setup');
        expect(moved).not.toBe(text);
        writeFileSync(xml, moved);
        rmSync(context.answerMedium!);
        await makeXorrisoIso({
          files: ['autounattend.xml', 'first-logon.ps1'].map((name) => ({
            name,
            source: path.join(original, name),
          })),
          output: context.answerMedium!,
          volumeId: 'AUTOUNATTEND',
        });
      },
    };
    const error = await failure(
      builder({ buildTimeoutSeconds: 90 }, replacing(answerMedium, misplaced)).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/couldn't find any drives/);
  });

  it("-no-reboot ends the VM at Setup's first reboot: a fast failure", async () => {
    const error = await failure(
      builder({}, replacing(install, installStep({ extraQemuArgs: ['-no-reboot'] }))).build(),
    );
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/QEMU stopped before the guest was ready/);
  });

  it('no key at the UEFI prompt: the installer never starts', async () => {
    const error = await failure(
      builder(
        { firmware: 'uefi', buildTimeoutSeconds: 90 },
        replacing(install, installStep({ keyPolicy: 'never' })),
      ).build(),
    );
    expect(['timeout', 'guest-exited']).toContain(error.code);
    expect(error.message).toMatch(/no key pressed|0 reboots|stopped/);
  });

  it('a key at every prompt restarts Setup from scratch each time: never ready', async () => {
    const logger = { lines: [] as string[] };
    const log: Logger = {
      phase: () => undefined,
      info: (m) => logger.lines.push(m),
      warn: (m) => logger.lines.push(m),
      debug: () => undefined,
    };
    const error = await failure(
      builder(
        { firmware: 'uefi', buildTimeoutSeconds: 200 },
        replacing(install, installStep({ keyPolicy: 'every-prompt' })),
        log,
      ).build(),
    );
    expect(error.code).toBe('timeout');
    expect(logger.lines.filter((l) => l.startsWith('Answering the boot prompt')).length).toBeGreaterThan(1);
  });
});

describe('guest failures', () => {
  it('a guest that never becomes ready ends in a timeout that names the phase', async () => {
    const faulty = standinMedia('never-ready');
    const error = await failure(
      builder({ iso: faulty.installer, buildTimeoutSeconds: 150 }, BUILD_STEPS).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 150 s while Windows Setup \(\d+ reboots? so far\)/);
  });

  it('a guest that powers off early fails the build at once, with the serial log', async () => {
    const faulty = standinMedia('poweroff-early');
    const started = Date.now();
    const error = await failure(
      builder({ iso: faulty.installer, buildTimeoutSeconds: 400 }, BUILD_STEPS).build(),
    );
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/Last lines of the serial console/);
    expect(Date.now() - started).toBeLessThan(300_000);
  });

  it('a refused password is a clear authentication error', async () => {
    const faulty = standinMedia('wrong-account');
    const error = await failure(builder({ iso: faulty.installer }, BUILD_STEPS).build());
    expect(error.code).toBe('ssh-auth');
    expect(error.message).toMatch(/SSH login failed: the guest refused the password for "baker"/);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('cancellation', () => {
  it('SIGTERM mid-build reaps QEMU, removes the work dir and leaves nothing at --output', async () => {
    const output = path.join(dir, 'sigterm', 'image.qcow2');
    const child = spawn(process.execPath, [CLI, ...cliArgs(output, 'bios')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/QEMU started \(pid \d+/.test(stderr)) resolve();
      }),
    );
    await started;
    const qemuPid = Number(stderr.match(/QEMU started \(pid (\d+)/)![1]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/cancelled/);
    expect(() => process.kill(qemuPid, 0)).toThrow();
    expect(existsSync(output)).toBe(false);
    expect(existsSync(path.dirname(output))).toBe(false);
  });
});
