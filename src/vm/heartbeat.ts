/**
 * The heartbeat line, at least once a minute while the VM runs: phase, time since the build started,
 * reboots, the disk's allocation and how fast it grows, and the time left when earlier builds tell. Pure.
 */
import { formatBytes, formatDuration } from '../log.js';

export interface HeartbeatFacts {
  phase: string;
  elapsedMs: number;
  reboots: number;
  /** Bytes allocated in the install disk (its file's blocks); undefined when it cannot be read. */
  diskBytes?: number;
  /** Growth of the allocation since the previous heartbeat. */
  diskBytesPerSecond?: number;
  /** From earlier builds of the same kind on this host (bake/history.ts). */
  remainingMs?: number;
}

export function heartbeatLine(facts: HeartbeatFacts): string {
  const parts = [`${formatDuration(facts.elapsedMs)} elapsed`, `${facts.reboots} reboots`];
  if (facts.diskBytes !== undefined) {
    const rate =
      facts.diskBytesPerSecond === undefined
        ? ''
        : ` (+${formatBytes(Math.max(0, facts.diskBytesPerSecond))}/s)`;
    parts.push(`disk ${formatBytes(facts.diskBytes)} written${rate}`);
  }
  if (facts.remainingMs !== undefined) parts.push(`about ${formatDuration(facts.remainingMs)} left`);
  return `${facts.phase}: ${parts.join(', ')}`;
}

/** Disk growth per second between two samples; undefined without an earlier one or time between them. */
export function diskRate(
  previous: { bytes: number; at: number } | undefined,
  bytes: number,
  at: number,
): number | undefined {
  if (!previous || at <= previous.at) return undefined;
  return ((bytes - previous.bytes) * 1000) / (at - previous.at);
}
