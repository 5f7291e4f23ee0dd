/**
 * What this host has for builds, read now: memory (/proc/meminfo), CPUs, free disk, and how much of its
 * reserved guest memory another build's QEMU has touched so far (QEMU allocates guest RAM lazily).
 * Where /proc is missing, Node's own figures stand in.
 */
import { lstatSync, readdirSync, readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { meminfoBytes } from './host-facts.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export interface HostMemory {
  totalBytes: number;
  availableBytes: number;
}

/** MemTotal and MemAvailable (what can be allocated without swapping, page cache included). */
export function hostMemory(): HostMemory {
  const meminfo = readText('/proc/meminfo');
  return {
    totalBytes: meminfoBytes(meminfo, 'MemTotal') ?? os.totalmem(),
    availableBytes: meminfoBytes(meminfo, 'MemAvailable') ?? os.freemem(),
  };
}

/** The CPUs this process may run on (a cgroup or affinity limit counts). */
export function hostCpus(): number {
  return os.availableParallelism();
}

/** Bytes an unprivileged writer can still put on the filesystem of `dir`. */
export function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/** Resident bytes of a process (VmRSS), 0 when it is gone. */
function residentBytes(pid: number): number {
  return meminfoBytes(readText(`/proc/${pid}/status`), 'VmRSS') ?? 0;
}

/** The pids whose parent is `pid` (field 4 of /proc/PID/stat). */
function childrenOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (parent === String(pid)) children.push(Number(entry));
  }
  return children;
}

/**
 * What a build's guest has taken of its memory so far: the resident memory of the build process's children
 * (its QEMU; swtpm and the rest are small), at most `reservedBytes`. 0 before QEMU starts.
 */
export function touchedGuestBytes(buildPid: number, reservedBytes: number): number {
  const resident = childrenOf(buildPid).reduce((sum, child) => sum + residentBytes(child), 0);
  return Math.min(reservedBytes, resident);
}

/** Bytes allocated on disk under `dir` (sparse files count what they hold); 0 when it is gone. */
export function allocatedBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      total += lstatSync(path.join(dir, name)).blocks * 512;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}
