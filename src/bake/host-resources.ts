/**
 * What this host has for a build: CPUs, memory (/proc/meminfo) and free disk (statfs), read in one place, and
 * the pure rule that sizes the VM from them when memory or cpus is `auto`. The action's placement and space
 * check, preflight and the failure bundle's host facts all read the host through here.
 */
import { accessSync, constants, existsSync, readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryHeadroomBytes } from './admission.js';

const MiB = 1024 * 1024;
/** A VM gets at most this many vCPUs by default: Setup gains little beyond, and the host keeps its own. */
export const AUTO_MAX_CPUS = 8;
/** Nor more memory than this by default: Windows Setup and Update do not use more. */
export const AUTO_MAX_MEMORY_MIB = 16 * 1024;
/** What Windows 11 asks for, and what `auto` gives whenever the host has it to spare. */
export const AUTO_MIN_MEMORY_MIB = 4096;
/** The host always keeps at least this much, or a quarter of its memory when that is more. */
const HOST_HEADROOM_MIB = 2048;
/** Guest memory is rounded down to this. */
const MEMORY_STEP_MIB = 256;

/** statfs's magic for tmpfs: a "disk" that is the host's memory, which the VM needs for itself. */
const TMPFS_MAGIC = 0x01021994;

/** A /proc/meminfo value in bytes. Pure. */
export function meminfoBytes(meminfo: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** A file's text, or '' when it cannot be read (a /proc or /sys file this host does not have). */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The limits of the cgroup this process runs in: a container's or a Kubernetes pod's (`resources.limits`),
 * which the machine-wide /proc/meminfo and CPU count do not show. cgroup v2 (`memory.max`, `memory.current`,
 * `cpu.max`) or v1 (`memory.limit_in_bytes`, `memory.usage_in_bytes`, `cpu.cfs_quota_us`/`cpu.cfs_period_us`);
 * a value of `max`, -1 or an absurd v1 "unlimited" is no limit.
 */
export interface CgroupLimits {
  memoryLimitBytes?: number;
  memoryUsedBytes?: number;
  /** Reclaimable file cache within the used (memory.stat `inactive_file`, v1 `total_inactive_file`). */
  memoryReclaimableBytes?: number;
  /** CPU quota in CPUs (quota / period), possibly fractional. */
  cpuQuota?: number;
}

/** /proc/self/cgroup as controller → path ("" for cgroup v2's `0::/path` line). Pure. */
export function cgroupPaths(procSelfCgroup: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of procSelfCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    for (const controller of match[1]!.split(',')) paths.set(controller, match[2]!);
  }
  return paths;
}

/** cgroup v2's `cpu.max` ("max 100000" or "400000 100000") as CPUs. Pure. */
export function cpuMaxQuota(cpuMax: string): number | undefined {
  const [quota, period] = cpuMax.trim().split(/\s+/);
  if (!quota || quota === 'max' || !period) return undefined;
  const cpus = Number(quota) / Number(period);
  return Number.isFinite(cpus) && cpus > 0 ? cpus : undefined;
}

/** A byte count from a cgroup file; `max`, negative and v1's "unlimited" (≥ 2^62) are none. Pure. */
export function cgroupBytes(text: string): number | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return undefined;
  const bytes = Number(value);
  return bytes > 0 && bytes < 2 ** 62 ? bytes : undefined;
}

/** One counter of a cgroup's memory.stat ("inactive_file 123\n…") in bytes. Pure. */
function memoryStatBytes(memoryStat: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(memoryStat);
  return match ? Number(match[1]) : undefined;
}

/** The first of `dirs` where `file` can be read, and its text. */
function firstReadable(dirs: readonly string[], file: string): string {
  for (const dir of dirs) {
    const text = readText(path.join(dir, file));
    if (text) return text;
  }
  return '';
}

/**
 * This process's cgroup limits. Inside a container the namespace's root is the container's own cgroup, so each
 * file is tried at the process's cgroup path and then at the root.
 */
export function cgroupLimits(root = '/sys/fs/cgroup', procSelfCgroup = '/proc/self/cgroup'): CgroupLimits {
  const paths = cgroupPaths(readText(procSelfCgroup));
  const at = (mount: string, controller: string): string[] => {
    const own = paths.get(controller);
    return [...(own ? [path.join(root, mount, own)] : []), path.join(root, mount)];
  };
  if (existsSync(path.join(root, 'cgroup.controllers'))) {
    const dirs = at('', '');
    const cpu = firstReadable(dirs, 'cpu.max');
    return {
      memoryLimitBytes: cgroupBytes(firstReadable(dirs, 'memory.max')),
      memoryUsedBytes: cgroupBytes(firstReadable(dirs, 'memory.current')),
      memoryReclaimableBytes: memoryStatBytes(firstReadable(dirs, 'memory.stat'), 'inactive_file'),
      cpuQuota: cpu ? cpuMaxQuota(cpu) : undefined,
    };
  }
  const memory = at('memory', 'memory');
  const cpu = at('cpu', 'cpu');
  const quota = Number(firstReadable(cpu, 'cpu.cfs_quota_us').trim());
  const period = Number(firstReadable(cpu, 'cpu.cfs_period_us').trim());
  return {
    memoryLimitBytes: cgroupBytes(firstReadable(memory, 'memory.limit_in_bytes')),
    memoryUsedBytes: cgroupBytes(firstReadable(memory, 'memory.usage_in_bytes')),
    memoryReclaimableBytes: memoryStatBytes(firstReadable(memory, 'memory.stat'), 'total_inactive_file'),
    cpuQuota: quota > 0 && period > 0 ? quota / period : undefined,
  };
}

/**
 * The CPUs this process may use: the affinity mask (os.availableParallelism), and no more than a cgroup CPU
 * quota allows (rounded up: a 3.5-CPU quota still runs 4 vCPU threads, just slower).
 */
export function hostCpus(limits: CgroupLimits = cgroupLimits()): number {
  const affinity = Math.max(1, os.availableParallelism());
  return limits.cpuQuota ? Math.max(1, Math.min(affinity, Math.ceil(limits.cpuQuota))) : affinity;
}

/**
 * MemTotal and MemAvailable in bytes (os.totalmem/freemem where there is no /proc/meminfo), within this
 * cgroup's memory limit: in a pod limited to 6 GiB on a 64 GiB node, the build has 6 GiB, and a guest sized
 * from the node's memory would be killed by the OOM killer. In a cgroup, available is the limit less the
 * working set: usage less inactive file cache, which the kernel reclaims before it OOM-kills (kubelet counts
 * it so): the 6 GB ISO just downloaded sits in the page cache and is not memory the guest lacks.
 */
export function hostMemory(
  meminfoFile = '/proc/meminfo',
  limits: CgroupLimits = cgroupLimits(),
): { totalBytes: number; availableBytes: number } {
  const meminfo = readText(meminfoFile);
  let totalBytes = meminfoBytes(meminfo, 'MemTotal') ?? os.totalmem();
  let availableBytes = meminfoBytes(meminfo, 'MemAvailable') ?? os.freemem();
  if (limits.memoryLimitBytes !== undefined && limits.memoryLimitBytes < totalBytes) {
    totalBytes = limits.memoryLimitBytes;
    const used = limits.memoryUsedBytes ?? 0;
    const workingSet = Math.max(0, used - Math.min(used, limits.memoryReclaimableBytes ?? 0));
    const left = limits.memoryLimitBytes - workingSet;
    availableBytes = Math.max(0, Math.min(availableBytes, left));
  }
  return { totalBytes, availableBytes };
}

export interface FilesystemSpace {
  /** Bytes an unprivileged user may still write there. */
  freeBytes: number;
  /** A tmpfs: its space is memory. */
  memoryBacked: boolean;
}

/** Whether this user may create files in `dir` (write and search permission; false when it is missing). */
export function canWriteIn(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Free space of the filesystem holding `dir`; undefined when it cannot be read (no such directory). */
export function filesystemSpace(dir: string): FilesystemSpace | undefined {
  try {
    const stats = statfsSync(dir);
    return { freeBytes: stats.bavail * stats.bsize, memoryBacked: stats.type === TMPFS_MAGIC };
  } catch {
    return undefined;
  }
}

export interface HostSize {
  cpus: number;
  memoryTotalBytes: number;
}

export interface VmSize {
  cpus: number;
  memoryMiB: number;
  /** How each was chosen, for the log and the plan ("auto: 4 of 4 host CPUs"). */
  why: { cpus: string; memoryMiB: string };
}

/**
 * The VM's size: a number given is kept; `auto` is all the host's CPUs up to AUTO_MAX_CPUS, and its memory
 * less max(2 GiB, 25 %) up to AUTO_MAX_MEMORY_MIB, raised to 4096 MiB when the host can still keep
 * admission's headroom (memoryHeadroomBytes: 1 GiB up to a 10 GiB host). Never more than MemTotal less that
 * headroom, so `auto` on an idle host is always admitted. On a GitHub-hosted runner (4 CPUs, 16 GB): 4 vCPUs
 * and about 11.7 GiB. Pure.
 */
export function chooseVmSize(
  requested: { cpus: number | 'auto'; memoryMiB: number | 'auto' },
  host: HostSize,
): VmSize {
  const hostMiB = Math.floor(host.memoryTotalBytes / MiB);
  let cpus: number;
  let cpusWhy: string;
  if (requested.cpus === 'auto') {
    cpus = Math.max(1, Math.min(host.cpus, AUTO_MAX_CPUS));
    cpusWhy = `auto: ${cpus} of ${host.cpus} host CPUs (at most ${AUTO_MAX_CPUS})`;
  } else {
    cpus = requested.cpus;
    cpusWhy = `given (host has ${host.cpus})`;
  }
  let memoryMiB: number;
  let memoryWhy: string;
  if (requested.memoryMiB === 'auto') {
    const headroom = Math.max(HOST_HEADROOM_MIB, Math.ceil(hostMiB / 4));
    let share = Math.min(hostMiB - headroom, AUTO_MAX_MEMORY_MIB);
    if (share < AUTO_MIN_MEMORY_MIB) {
      const lastReserveMiB = Math.ceil(memoryHeadroomBytes(host.memoryTotalBytes) / MiB);
      share = Math.min(AUTO_MIN_MEMORY_MIB, hostMiB - lastReserveMiB);
    }
    memoryMiB = Math.max(MEMORY_STEP_MIB, Math.floor(share / MEMORY_STEP_MIB) * MEMORY_STEP_MIB);
    memoryWhy = `auto: ${memoryMiB} of ${hostMiB} MiB host memory (the host keeps max(2 GiB, 25 %), at most ${AUTO_MAX_MEMORY_MIB} MiB)`;
  } else {
    memoryMiB = requested.memoryMiB;
    memoryWhy = `given (host has ${hostMiB} MiB)`;
  }
  return { cpus, memoryMiB, why: { cpus: cpusWhy, memoryMiB: memoryWhy } };
}

/** This host's size, for chooseVmSize. */
export function hostSize(): HostSize {
  const limits = cgroupLimits();
  return { cpus: hostCpus(limits), memoryTotalBytes: hostMemory(undefined, limits).totalBytes };
}
