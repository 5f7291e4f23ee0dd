/**
 * End to end through the bundled CLI against the stand-in guest (test/standin), with real QEMU (TCG), real
 * ISOs and real SSH: BIOS and UEFI bakes at once, each image booted again and logged into; SIGTERM mid-build.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bootAndCheck } from '../support/boot.js';
import { CLI, runCli } from '../support/cli.js';
import { cliArgs, PASSWORD, standinFixture, USERNAME } from '../support/e2e.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('bake');

describe('successful bakes', () => {
  it('bakes BIOS and UEFI images at the same time; each boots again and accepts the account over SSH', async () => {
    const bios = path.join(fixture.dir, 'bios', 'image.qcow2');
    const uefi = path.join(fixture.dir, 'uefi', 'image.qcow2');
    const [biosRun, uefiRun] = await Promise.all([
      runCli(cliArgs(fixture.media, bios, 'bios', ['--json'])),
      runCli(cliArgs(fixture.media, uefi, 'uefi', ['--json'])),
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
      // TRIM reaches the disk (vioscsi with discard_granularity = the qcow2 cluster): no fallback needed.
      expect(run.stderr).toMatch(/ReTrim of C: done in/);
      expect(run.stderr).not.toMatch(/ReTrim of C: failed/);
      expect(run.stderr + run.stdout).not.toContain(PASSWORD);
      expect(readdirSync(path.dirname(output))).toEqual(['image.qcow2']);
      execFileSync('qemu-img', ['check', output]);
    }
    // BIOS: Windows fixture.media show no prompt while the disk is blank, so no key is pressed at all.
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

describe('cancellation', () => {
  it('SIGTERM mid-build reaps QEMU, removes the work dir and leaves nothing at --output', async () => {
    const output = path.join(fixture.dir, 'sigterm', 'image.qcow2');
    const child = spawn(process.execPath, [CLI, ...cliArgs(fixture.media, output, 'bios')], {
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
