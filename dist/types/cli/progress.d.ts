/**
 * `--progress json`: the build's events as NDJSON on stderr, one object per line, for wrappers and
 * dashboards (schemas/progress-event.schema.json). With it, stderr carries nothing else: the text log is off
 * and a failure is the last line's `result` event.
 */
import type { BuildEvent } from '../bake/events.js';
import { BuildError } from '../errors.js';
export type ProgressMode = 'text' | 'json';
/** The --progress value; anything but text or json is a usage error. */
export declare function progressMode(value: string | boolean | undefined): ProgressMode;
/** Writes each event as one line; remembers whether the build's result went out already. */
export declare class NdjsonProgress {
    private readonly write;
    private readonly startedAt;
    resultWritten: boolean;
    constructor(write: (text: string) => void, startedAt?: number);
    readonly onEvent: (event: BuildEvent) => void;
    /** A failure before the build could report one (a usage error, an unreadable password file). */
    failure(error: BuildError): void;
}
