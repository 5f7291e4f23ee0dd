import type { Logger } from '../log.js';
export interface ScreenRecorderOptions {
    /** Where the PNGs go (`<workDir>/screens`). */
    dir: string;
    /** One screenshot, as PNG bytes. */
    grab: () => Promise<Buffer>;
    /** What the build does now (the session's phase): part of each file name. */
    phase: () => string;
    /** 0: no timer, only the captures asked for. */
    intervalMs: number;
    logger: Logger;
    /** How many of the latest screenshots stay (besides the first of each phase). */
    keepLast?: number;
    /** Told of each PNG kept. */
    onSaved?: (file: string, reason: string) => void;
}
export declare const KEEP_LAST = 20;
/** A file-name part: "Windows Setup (2 reboots so far)" → "windows-setup". */
export declare function slug(text: string): string;
export declare class ScreenRecorder {
    private readonly options;
    private readonly kept;
    private readonly phasesSeen;
    private readonly keepLast;
    private lastHash?;
    private count;
    private queue;
    private timer?;
    private stopped;
    constructor(options: ScreenRecorderOptions);
    get dir(): string;
    /** Takes one screenshot now; the PNG kept, or undefined (same as the last frame, failed, stopped). */
    capture(reason: string): Promise<string | undefined>;
    /** The PNGs kept, oldest first. */
    files(): string[];
    latest(): string | undefined;
    stop(): void;
    private take;
    /** Drops what is neither the first of its phase nor among the last `keepLast`. */
    private prune;
}
