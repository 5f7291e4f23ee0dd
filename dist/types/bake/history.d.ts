import type { BuildContext } from './context.js';
import { type PhaseName } from './timeline.js';
/** Builds kept per kind: enough for a stable estimate, few enough that an old host's speed fades out. */
export declare const HISTORY_PER_KIND = 5;
export declare const HISTORY_FILE = "history.json";
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
export declare function kindKey(kind: BuildKind): string;
/** The kind of the build `context` runs: what the history is kept and read by. */
export declare function buildKind(context: Pick<BuildContext, 'os' | 'accel' | 'options' | 'base'>): string;
/** `$XDG_CACHE_HOME/bake-windows-image`, else `~/.cache/bake-windows-image`. */
export declare function defaultHistoryDir(env?: NodeJS.ProcessEnv): string;
/** Every valid entry of the file; none when it is missing or not the history's JSON. */
export declare function readHistory(file: string): HistoryEntry[];
/** Adds one build and keeps the last HISTORY_PER_KIND of its kind; written whole, then renamed into place. */
export declare function recordBuild(file: string, entry: HistoryEntry): void;
/**
 * The time left, from earlier builds of the same kind: what is left of the current phase (its usual length
 * minus the time spent in it, at least nothing) plus the usual length of every phase after it. The median
 * over the builds, so one slow run does not sway it. Undefined without history.
 */
export declare function estimateRemainingMs(previous: readonly HistoryEntry[], phase: PhaseName, inPhaseMs: number): number | undefined;
