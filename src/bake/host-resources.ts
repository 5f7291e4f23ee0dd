/**
 * What this host has for a build: CPUs, memory (/proc/meminfo) and free disk (statfs), read in one place, and
 * the pure rule that sizes the VM from them when memory or cpus is `auto`. The action's placement and space
 * check, preflight and the failure bundle's host facts all read the host through here.
 */
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';

const MiB = 1024 * 1024;
/** A VM gets at most this many vCPUs by default: Setup gains little beyond, and the host keeps its own. */
export const AUTO_MAX_CPUS = 8;
/** Nor more memory than this by default: Windows Setup and Update do not use more. */
export const AUTO_MAX_MEMORY_MIB = 16 * 1024;
/** What Windows 11 asks for, and what `auto` gives whenever the host has it to spare. */
export const AUTO_MIN_MEMORY_MIB = 4096;
/** The host always keeps at least this much, or a quarter of its memory when that is more. */
const HOST_HEADROOM_MIB = 2048;
/** Nor less than this when the floor has to eat into the headroom. */
const HOST_LAST_RESERVE_MIB = 1024;
/** Guest memory is rounded down to this. */
const MEMORY_STEP_MIB = 256;

/** statfs's magic for tmpfs: a "disk" that is the host's memory, which the VM needs for itself. */
const TMPFS_MAGIC = 0x01021994;

/** A /proc/meminfo value in bytes. Pure. */
export function meminfoBytes(meminfo: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The CPUs this process may run on (a cgroup or affinity mask can give fewer than the machine has). */
export function hostCpus(): number {
  return Math.max(1, os.availableParallelism());
}

/** MemTotal and MemAvailable in bytes (os.totalmem/freemem where there is no /proc/meminfo). */
export function hostMemory(meminfoFile = '/proc/meminfo'): { totalBytes: number; availableBytes: number } {
  const meminfo = readText(meminfoFile);
  return {
    totalBytes: meminfoBytes(meminfo, 'MemTotal') ?? os.totalmem(),
    availableBytes: meminfoBytes(meminfo, 'MemAvailable') ?? os.freemem(),
  };
}

export interface FilesystemSpace {
  /** Bytes an unprivileged user may still write there. */
  freeBytes: number;
  /** A tmpfs: its space is memory. */
  memoryBacked: boolean;
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
 * less max(2 GiB, 25 %) up to AUTO_MAX_MEMORY_MIB, raised to 4096 MiB when the host can still keep 1 GiB.
 * On a GitHub-hosted runner (4 CPUs, 16 GB): 4 vCPUs and about 11.7 GiB. Pure.
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
    if (share < AUTO_MIN_MEMORY_MIB) share = Math.min(AUTO_MIN_MEMORY_MIB, hostMiB - HOST_LAST_RESERVE_MIB);
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
  return { cpus: hostCpus(), memoryTotalBytes: hostMemory().totalBytes };
}
