/**
 * What other builds on this host hold so far, for admission: how much of its reserved guest memory a build's
 * QEMU has touched (QEMU allocates guest RAM lazily) and how much its work dir holds on disk. The host's own
 * memory, CPUs and free space are read by host-resources.ts.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { meminfoBytes, readText } from './host-resources.js';

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
