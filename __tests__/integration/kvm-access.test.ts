/**
 * enable-kvm on a "GitHub-hosted runner": ensureKvm (src/action/kvm.ts, what the action runs before any
 * download) run as a NON-ROOT user against a device it may not open.
 *
 * Real: the sources (transpiled, not bundled), the non-root user (nobody, or daemon where sudo must refuse),
 * Debian's sudo with a sudoers drop-in that allows exactly the commands the module should run, tee and chmod,
 * the open(O_RDWR) checks, a character device made with mknod (same major/minor as /dev/null, mode 0600 root).
 * Faked: the device's path and the rules file's (in a temp directory, not /dev and /etc/udev), /proc/cpuinfo
 * (a file with vmx, as a runner's CPU has), udevd's control socket (a file, present or not), and udevadm: a
 * script on the PATH that logs its arguments and, on trigger, applies the rules file's MODE to the device (a
 * real udevd cannot run here, and it does not check KERNEL=="kvm").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KVM_UDEV_RULE } from '../../src/tools/kvm-access.js';
import { isRoot, runCli, tempDir, type CliRun } from '../support/cli.js';
import { transpileForNode } from '../support/transpiled.js';

const NOBODY = { uid: 65534, gid: 65534 };
/** Not in the sudoers drop-in: sudo -n refuses it. */
const DAEMON = { uid: 1, gid: 1 };
const canRun = isRoot && existsSync('/usr/bin/sudo') && existsSync('/etc/sudoers.d');

let dir: string;
let entry: string;
let sudoers: string;
let caseNumber = 0;

interface Case {
  device: string;
  rulesFile: string;
  udevControl: string;
  udevadmLog: string;
}

beforeAll(() => {
  if (!canRun) return;
  dir = tempDir('kvm-access');
  chmodSync(dir, 0o755);
  entry = transpileForNode('src/action/kvm.ts', path.join(dir, 'code'));
  writeFileSync(
    path.join(dir, 'driver.mjs'),
    `const { ensureKvm } = await import(process.argv[2]);
const [mode, accel, device, rulesFile, udevControl, cpuinfo] = process.argv.slice(3);
try {
  const result = await ensureKvm(mode, accel, { device, rulesFile, udevControl, cpuinfo });
  console.log('RESULT ' + JSON.stringify({ accel: result }));
} catch (error) {
  console.log('RESULT ' + JSON.stringify({ code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode }));
  process.exitCode = error.exitCode ?? 1;
}
`,
  );
  writeFileSync(path.join(dir, 'cpuinfo'), 'processor\t: 0\nflags\t\t: fpu vmx sse2\n');
  mkdirSync(path.join(dir, 'bin'));
  const udevadm = path.join(dir, 'bin', 'udevadm');
  writeFileSync(
    udevadm,
    `#!/bin/sh
# Stand-in for udevadm: logs, and on trigger applies MODE from the rules file in the device's case dir.
echo "$*" >> "$(dirname "$0")/udevadm.log"
if [ "$1" = trigger ]; then
  device=\${2#--name-match=}
  mode=$(sed -n 's/.*MODE="\\([0-7]*\\)".*/\\1/p' "$(dirname "$device")"/rules/*.rules)
  [ -n "$mode" ] && chmod "$mode" "$device"
fi
exit 0
`,
  );
  chmodSync(udevadm, 0o755);
  sudoers = path.join('/etc/sudoers.d', `bwi-kvm-test-${process.pid}`);
  // Exactly the commands the module runs for cases 1..9 (their paths are known in advance).
  const cases = Array.from({ length: 9 }, (_, i) => path.join(dir, `case${i + 1}`));
  const allowed = cases.flatMap((c) => [
    `/usr/bin/tee ${c}/rules/99-kvm4all.rules`,
    `/usr/bin/chmod 0666 ${c}/kvm`,
  ]);
  writeFileSync(sudoers, `nobody ALL=(root) NOPASSWD: ${[...allowed, udevadm].join(', ')}\n`, {
    mode: 0o440,
  });
  execFileSync('visudo', ['-cf', sudoers]);
});

afterAll(() => {
  if (sudoers) rmSync(sudoers, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh device (0600 root), an empty root-owned rules dir, udevd "running" or not. */
function newCase(udevRunning: boolean, deviceMode = 0o600): Case {
  const caseDir = path.join(dir, `case${++caseNumber}`);
  mkdirSync(path.join(caseDir, 'rules'), { recursive: true });
  chmodSync(caseDir, 0o755);
  const device = path.join(caseDir, 'kvm');
  execFileSync('mknod', ['-m', deviceMode.toString(8), device, 'c', '1', '3']);
  const udevadmLog = path.join(dir, 'bin', 'udevadm.log');
  rmSync(udevadmLog, { force: true });
  const udevControl = path.join(caseDir, 'udev-control');
  if (udevRunning) writeFileSync(udevControl, '');
  return {
    device,
    rulesFile: path.join(caseDir, 'rules', '99-kvm4all.rules'),
    udevControl,
    udevadmLog,
  };
}

async function ensureKvmAs(
  user: { uid: number; gid: number },
  mode: string,
  c: Case,
  accel = 'auto',
): Promise<CliRun & { result: Record<string, unknown> }> {
  const args = [entry, mode, accel, c.device, c.rulesFile, c.udevControl, path.join(dir, 'cpuinfo')];
  const run = await runCli(args, {
    ...user,
    cwd: dir,
    env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir },
    script: path.join(dir, 'driver.mjs'),
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return { ...run, result: line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : {} };
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

(canRun ? describe : describe.skip)('ensureKvm as a non-root user', () => {
  it('does nothing when the device already opens', async () => {
    const c = newCase(true, 0o666);
    const run = await ensureKvmAs(NOBODY, 'auto', c);
    expect(run.result).toEqual({ accel: 'kvm' });
    expect(run.stdout).toContain('opens read-write for this user: nothing to enable');
    expect(run.stdout).not.toContain('sudo');
    expect(existsSync(c.rulesFile)).toBe(false);
    expect(existsSync(c.udevadmLog)).toBe(false);
  });

  it('writes the udev rule through sudo, reloads, triggers, and the device opens', async () => {
    const c = newCase(true);
    const run = await ensureKvmAs(NOBODY, 'auto', c);
    expect({ result: run.result, stderr: run.stderr }).toEqual({ result: { accel: 'kvm' }, stderr: '' });
    expect(readFileSync(c.rulesFile, 'utf8')).toBe(`${KVM_UDEV_RULE}\n`);
    expect(statSync(c.rulesFile).uid).toBe(0);
    expect(readFileSync(c.udevadmLog, 'utf8')).toBe(
      `control --reload-rules\ntrigger --name-match=${c.device}\n`,
    );
    expect(modeOf(c.device)).toBe(0o666);
    expect(run.stdout).toContain('::group::Opening');
    expect(run.stdout).toContain(`/usr/bin/sudo -n /usr/bin/tee ${c.rulesFile}: the udev rule`);
    expect(run.stdout).toContain('opens read-write for this user now');
  });

  it('without udevd, opens the device with chmod instead of a rule that would do nothing', async () => {
    const c = newCase(false);
    const run = await ensureKvmAs(NOBODY, 'auto', c);
    expect(run.result).toEqual({ accel: 'kvm' });
    expect(run.stdout).toContain('udevd is not running');
    expect(existsSync(c.rulesFile)).toBe(false);
    expect(existsSync(c.udevadmLog)).toBe(false);
    expect(modeOf(c.device)).toBe(0o666);
  });

  it('fails with the fix, exit code 1, when sudo refuses, and creates nothing', async () => {
    const c = newCase(true);
    const run = await ensureKvmAs(DAEMON, 'auto', c);
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ code: 'kvm-unavailable', exitCode: 1 });
    expect(run.result.message).toMatch(/exists but this user may not open it, and sudo -n refused/);
    expect(run.result.hint).toMatch(/passwordless sudo.*kvm group.*99-kvm4all\.rules.*accel: tcg/);
    expect(existsSync(c.rulesFile)).toBe(false);
    expect(existsSync(c.udevadmLog)).toBe(false);
    expect(modeOf(c.device)).toBe(0o600);
  });

  it('with enable-kvm: false, leaves the host alone: the usual "KVM is not usable" error', async () => {
    const c = newCase(true);
    const run = await ensureKvmAs(NOBODY, 'false', c);
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({
      code: 'kvm-unavailable',
      message: `KVM is not usable: ${c.device} exists but this user may not open it`,
    });
    expect(run.result.hint).toMatch(/usermod -aG kvm/);
    expect(existsSync(c.rulesFile)).toBe(false);
    expect(modeOf(c.device)).toBe(0o600);
  });

  it('with accel tcg and enable-kvm auto, does not touch the device', async () => {
    const c = newCase(true);
    const run = await ensureKvmAs(NOBODY, 'auto', c, 'tcg');
    expect(run.result).toEqual({ accel: 'tcg' });
    expect(existsSync(c.rulesFile)).toBe(false);
    expect(modeOf(c.device)).toBe(0o600);
  });
});
