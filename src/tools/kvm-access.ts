/**
 * Letting this user open /dev/kvm, as GitHub-hosted runners need: the device is there (nested
 * virtualisation) but root-only until a udev rule opens it up (reactivecircus/android-emulator-runner's
 * recipe). The decision and the sudo commands are pure; enableKvmAccess runs them through `sudo -n`, which
 * fails at once instead of asking for a password, and waits (bounded) until the device opens.
 * Without a running udevd (a container) a rule does nothing, so the device itself gets chmod 0666 instead.
 */
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import { findOnPath } from './exec.js';
import { runSudoCommands, sudoArgv, type SudoCommand } from './sudo.js';

/** The `enable-kvm` input: auto (when needed), true (also with accel tcg, and a failure is always an error), false (never). */
export const ENABLE_KVM_MODES = ['auto', 'true', 'false'] as const;
export type EnableKvm = (typeof ENABLE_KVM_MODES)[number];

/** The rule android-emulator-runner documents: everyone may open kvm; static_node keeps it so at boot. */
export const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"';

export interface KvmAccessPaths {
  /** The device (a test passes a node of its own). */
  device: string;
  /** The rule's file. */
  rulesFile: string;
  /** Present while udevd runs (its control socket). */
  udevControl: string;
  /** The CPU flags that say whether KVM can run at all. */
  cpuinfo: string;
}

export const SYSTEM_KVM_PATHS: KvmAccessPaths = {
  device: '/dev/kvm',
  rulesFile: '/etc/udev/rules.d/99-kvm4all.rules',
  udevControl: '/run/udev/control',
  cpuinfo: '/proc/cpuinfo',
};

export type KvmDeviceState = 'usable' | 'missing' | 'denied' | 'unusable';

/**
 * Whether this process can open the device read-write, by opening it: access() and mode bits tell nothing
 * for root, and nothing about ACLs or a group membership that needs a new login.
 */
export function probeKvmDevice(device: string): { state: KvmDeviceState; detail?: string } {
  try {
    closeSync(openSync(device, 'r+'));
    return { state: 'usable' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return { state: 'denied' };
    return { state: 'unusable', detail: (error as Error).message };
  }
}

/** What to do about the device: leave it, or open it up for this user. Pure. */
export function kvmAccessAction(
  mode: EnableKvm,
  accel: 'auto' | 'kvm' | 'tcg',
  state: KvmDeviceState,
): 'leave' | 'enable' {
  if (mode === 'false' || state !== 'denied') return 'leave';
  // tcg does not need KVM: only an explicit true touches the host then.
  return accel === 'tcg' && mode === 'auto' ? 'leave' : 'enable';
}

/**
 * The commands that open up the device, each through `sudo -n` with absolute program paths (sudo's
 * secure_path would otherwise pick its own): with udevd, the rule, a reload and a trigger; without, chmod.
 * Pure.
 */
export function enableCommands(
  paths: KvmAccessPaths,
  programs: { sudo: string; tee: string; udevadm: string; chmod: string },
  udevRunning: boolean,
): SudoCommand[] {
  const sudo = (...argv: string[]) => sudoArgv(programs.sudo, ...argv);
  if (!udevRunning) {
    return [
      {
        argv: sudo(programs.chmod, '0666', paths.device),
        why: `udevd is not running (no ${paths.udevControl}): a rule would do nothing, so the device itself is opened up`,
      },
    ];
  }
  // udev matches /dev/kvm by its name under /dev; a device elsewhere (a test's) by its path.
  const name = paths.device.startsWith('/dev/') ? paths.device.slice('/dev/'.length) : paths.device;
  return [
    {
      argv: sudo(programs.tee, paths.rulesFile),
      input: `${KVM_UDEV_RULE}\n`,
      why: `the udev rule ${KVM_UDEV_RULE}`,
    },
    { argv: sudo(programs.udevadm, 'control', '--reload-rules'), why: 'udev reads its rules again' },
    {
      argv: sudo(programs.udevadm, 'trigger', `--name-match=${name}`),
      why: 'udev applies them to the device',
    },
  ];
}

/** The fix when this user cannot get at the device: said by every failure here. */
export function kvmAccessHint(paths: KvmAccessPaths): string {
  return (
    `Give the runner user passwordless sudo (GitHub-hosted runners have it), or open the device once by hand: ` +
    `add the user to the kvm group (sudo usermod -aG kvm $USER, then log in again), or write ${paths.rulesFile} ` +
    `with ${KVM_UDEV_RULE} and run udevadm control --reload-rules; udevadm trigger --name-match=kvm. ` +
    'enable-kvm: false leaves the host alone; accel: tcg runs without KVM, but only for tests.'
  );
}

/**
 * Opens up the device for this user and waits until it opens (at most `waitMs`, polling: udev applies a
 * trigger asynchronously and there is no event to wait for from here). A BuildError when sudo is refused,
 * a command fails, or the device still does not open.
 */
export async function enableKvmAccess(
  paths: KvmAccessPaths,
  logger: Logger,
  { waitMs = 10_000, signal }: { waitMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const sudo = findOnPath('sudo');
  if (!sudo) {
    throw new BuildError(
      'kvm-unavailable',
      `${paths.device} exists but this user may not open it, and there is no sudo to change that`,
      {
        hint: kvmAccessHint(paths),
      },
    );
  }
  const programs = {
    sudo,
    tee: findOnPath('tee') ?? 'tee',
    udevadm: findOnPath('udevadm') ?? findOnPath('udevadm', '/usr/bin:/bin:/usr/sbin:/sbin') ?? 'udevadm',
    chmod: findOnPath('chmod') ?? 'chmod',
  };
  const commands = enableCommands(paths, programs, existsSync(paths.udevControl));
  const failed = await runSudoCommands(commands, (line) => logger.info(line), signal);
  if (failed) {
    const { command, code, output } = failed;
    throw new BuildError(
      'kvm-unavailable',
      failed.refused
        ? `${paths.device} exists but this user may not open it, and sudo -n refused to change that: ${output.trim().split('\n')[0]}`
        : `Could not open up ${paths.device} for this user: ${path.basename(command.argv[2] ?? '')} ${code === null ? 'did not start' : `exited with ${code}`}: ${output.trim() || '(no output)'}`,
      { hint: kvmAccessHint(paths) },
    );
  }
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { state } = probeKvmDevice(paths.device);
    if (state === 'usable') {
      logger.info(`${paths.device} opens read-write for this user now.`);
      return;
    }
    if (Date.now() >= deadline) break;
    await sleep(100, undefined, { signal });
  }
  throw new BuildError(
    'kvm-unavailable',
    `${paths.device} still does not open for this user ${waitMs / 1000} s after the udev rule was applied`,
    { hint: kvmAccessHint(paths) },
  );
}

/** Whether KVM can run a VM here: the device opens read-write and the CPU has VMX/SVM. */
export function kvmUsable(
  cpuinfo = SYSTEM_KVM_PATHS.cpuinfo,
  device = SYSTEM_KVM_PATHS.device,
): { ok: true } | { ok: false; reason: string } {
  const probe = probeKvmDevice(device);
  if (probe.state === 'missing')
    return { ok: false, reason: `${device} does not exist (no KVM on this host)` };
  if (probe.state === 'denied')
    return { ok: false, reason: `${device} exists but this user may not open it` };
  if (probe.state === 'unusable') return { ok: false, reason: `${device} cannot be opened: ${probe.detail}` };
  // A nested VM can have /dev/kvm without hardware virtualisation exposed to it: QEMU then fails to start.
  try {
    if (!/^flags\s*:.*\b(vmx|svm)\b/m.test(readFileSync(cpuinfo, 'utf8'))) {
      return { ok: false, reason: '/dev/kvm exists, but the CPU shows no hardware virtualisation (vmx/svm)' };
    }
  } catch {
    // No /proc/cpuinfo: trust the device.
  }
  return { ok: true };
}

/** kvm when usable (auto, kvm), tcg when asked for; a clear error otherwise. */
export function resolveAccel(
  accel: 'auto' | 'kvm' | 'tcg',
  where: Pick<KvmAccessPaths, 'device' | 'cpuinfo'> = SYSTEM_KVM_PATHS,
): 'kvm' | 'tcg' {
  if (accel === 'tcg') return 'tcg';
  const kvm = kvmUsable(where.cpuinfo, where.device);
  if (kvm.ok) return 'kvm';
  throw new BuildError('kvm-unavailable', `KVM is not usable: ${kvm.reason}`, {
    hint:
      'Run on a host with hardware virtualisation and add this user to the kvm group (sudo usermod -aG kvm $USER, then log in again), ' +
      'or grant access with a udev rule (KERNEL=="kvm", GROUP="kvm", MODE="0660"). ' +
      '--accel tcg runs without KVM, but only for tests: a Windows install under TCG takes many hours.',
  });
}
