/**
 * What a failure bundle says about the host (host.json): the versions of QEMU, OVMF and swtpm, the
 * accelerator, the CPU and its virtualisation flags, free memory and disk, the kernel. Each fact is read
 * within a few seconds or given as unknown: a failed build must not hang on its report.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath, PROGRAMS, run } from '../tools/exec.js';
import type { BuildContext } from './context.js';
import { filesystemSpace, hostMemory, readText } from './host-resources.js';

export { meminfoBytes } from './host-resources.js';

const COMMAND_MS = 5000;
/** The CPU flags that say whether (and which) hardware virtualisation there is. */
const VIRTUALISATION_FLAGS = ['vmx', 'svm', 'hypervisor', 'ept', 'npt', 'nested_virt'];

/** The first line a program prints for `args`, or why there is none. */
/** The first line a program prints for `args` (its version), or why there is none. */
export async function firstLine(executable: string | undefined, args: string[]): Promise<string> {
  if (!executable) return 'not installed';
  try {
    const { stdout, stderr } = await run(executable, args, { signal: AbortSignal.timeout(COMMAND_MS) });
    return (stdout.trim() || stderr.trim()).split('\n')[0] ?? '';
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

/** The Debian package's version, where there is dpkg (OVMF's files carry no version of their own). */
async function debianPackage(name: string): Promise<string | undefined> {
  const dpkgQuery = findOnPath('dpkg-query');
  if (!dpkgQuery) return undefined;
  try {
    const { stdout } = await run(dpkgQuery, ['-W', '-f', '${Version}', name], {
      signal: AbortSignal.timeout(COMMAND_MS),
    });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Model name and the virtualisation flags of the first CPU in /proc/cpuinfo (Linux). Pure. */
export function cpuFacts(cpuinfo: string): { model?: string; virtualisationFlags: string[] } {
  const first = cpuinfo.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  return {
    model: field('model name'),
    virtualisationFlags: VIRTUALISATION_FLAGS.filter((f) => flags.has(f)),
  };
}

function freeBytes(dir: string | undefined): number | undefined {
  return dir ? filesystemSpace(dir)?.freeBytes : undefined;
}

export async function hostFacts(context: BuildContext): Promise<Record<string, unknown>> {
  const qemu = context.session?.commandLine[0] ?? findOnPath(PROGRAMS.qemuSystem.command);
  const swtpm = findOnPath(process.env[PROGRAMS.swtpm.env] || PROGRAMS.swtpm.command);
  const [qemuVersion, swtpmVersion, ovmfPackage] = await Promise.all([
    firstLine(qemu, ['--version']),
    firstLine(swtpm, ['--version']),
    debianPackage('ovmf'),
  ]);
  const output = context.output ? path.dirname(context.output) : undefined;
  return {
    qemu: { executable: qemu, version: qemuVersion },
    ovmf: context.firmware
      ? { code: context.firmware.code, varsTemplate: context.firmware.varsTemplate, package: ovmfPackage }
      : { firmware: context.options.firmware, package: ovmfPackage },
    swtpm: { executable: swtpm, version: swtpmVersion },
    accel: context.accel ?? context.options.accel,
    kvm: { device: existsSync('/dev/kvm') },
    cpu: { ...cpuFacts(readText('/proc/cpuinfo')), count: os.cpus().length },
    memory: hostMemory(),
    disk: {
      workDir: { path: context.workDir, freeBytes: freeBytes(context.workDir) },
      output: { path: output, freeBytes: freeBytes(output) },
    },
    kernel: { release: os.release(), version: os.version(), arch: os.arch() },
    node: process.version,
  };
}
