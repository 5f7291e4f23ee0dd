/**
 * The host's memory of earlier bakes, for the heartbeat's "about N min left": per kind of build (Windows
 * version, edition, accelerator, firmware), the phase durations of the last few successful builds. A small
 * JSON file in the user's cache dir (the action passes the runner's tool cache), never in a repository;
 * a missing or corrupt file is an empty history, and a file that cannot be written costs only the estimate.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildContext } from './context.js';
import { PHASE_ORDER, type PhaseName } from './timeline.js';

/** Builds kept per kind: enough for a stable estimate, few enough that an old host's speed fades out. */
export const HISTORY_PER_KIND = 5;
export const HISTORY_FILE = 'history.json';

export interface BuildKind {
  os: string;
  edition: string;
  accel: string;
  firmware: string;
  /** A build that boots a cached base skips the install: a kind of its own. */
  fromBase?: boolean;
}

export interface HistoryEntry {
  kind: string;
  finishedAt: string;
  totalMs: number;
  phases: Partial<Record<PhaseName, number>>;
}

export function kindKey(kind: BuildKind): string {
  return [kind.os, kind.edition, kind.accel, kind.firmware, ...(kind.fromBase ? ['base'] : [])].join('|');
}

/** The kind of the build `context` runs: what the history is kept and read by. */
export function buildKind(context: Pick<BuildContext, 'os' | 'accel' | 'options' | 'base'>): string {
  return kindKey({
    os: context.os ?? '',
    edition: context.options.edition,
    accel: context.accel ?? '',
    firmware: context.options.firmware,
    fromBase: context.base?.status === 'hit',
  });
}

/** `$XDG_CACHE_HOME/bake-windows-image`, else `~/.cache/bake-windows-image`. */
export function defaultHistoryDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(cache ?? path.join(os.homedir(), '.cache'), 'bake-windows-image');
}

function isEntry(value: unknown): value is HistoryEntry {
  const entry = value as HistoryEntry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.kind === 'string' &&
    typeof entry.finishedAt === 'string' &&
    Number.isFinite(entry.totalMs) &&
    typeof entry.phases === 'object' &&
    entry.phases !== null &&
    Object.entries(entry.phases).every(
      ([name, ms]) => PHASE_ORDER.includes(name as PhaseName) && Number.isFinite(ms) && ms >= 0,
    )
  );
}

/** Every valid entry of the file; none when it is missing or not the history's JSON. */
export function readHistory(file: string): HistoryEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const builds = (parsed as { builds?: unknown })?.builds;
  return Array.isArray(builds) ? builds.filter(isEntry) : [];
}

/** Adds one build and keeps the last HISTORY_PER_KIND of its kind; written whole, then renamed into place. */
export function recordBuild(file: string, entry: HistoryEntry): void {
  const others = readHistory(file);
  const same = others.filter((old) => old.kind === entry.kind);
  const kept = new Set([...same.slice(-(HISTORY_PER_KIND - 1)), entry]);
  const builds = [...others.filter((old) => old.kind !== entry.kind || kept.has(old)), entry];
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify({ version: 1, builds }, null, 1) + '\n', { mode: 0o600 });
  renameSync(partial, file);
}

/**
 * The time left, from earlier builds of the same kind: what is left of the current phase (its usual length
 * minus the time spent in it, at least nothing) plus the usual length of every phase after it. The median
 * over the builds, so one slow run does not sway it. Undefined without history.
 */
export function estimateRemainingMs(
  previous: readonly HistoryEntry[],
  phase: PhaseName,
  inPhaseMs: number,
): number | undefined {
  if (previous.length === 0) return undefined;
  const at = PHASE_ORDER.indexOf(phase);
  const left = previous.map((entry) => {
    const rest = PHASE_ORDER.slice(at + 1).reduce((sum, name) => sum + (entry.phases[name] ?? 0), 0);
    return Math.max(0, (entry.phases[phase] ?? 0) - inPhaseMs) + rest;
  });
  left.sort((a, b) => a - b);
  const middle = Math.floor(left.length / 2);
  return left.length % 2 ? left[middle]! : Math.round((left[middle - 1]! + left[middle]!) / 2);
}
