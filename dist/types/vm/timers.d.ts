/** Timers that belong to one watcher and are cleared together when it stops. */
export declare class TimerSet {
    private readonly timers;
    /** Runs `action` once after `ms`, unless cleared first. */
    after(ms: number, action: () => void): void;
    /** Runs `action` every `ms` until cleared. */
    every(ms: number, action: () => void): void;
    clear(): void;
}
