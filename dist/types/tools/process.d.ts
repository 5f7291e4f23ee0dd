export interface ProcessExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}
export declare class ManagedProcess {
    readonly name: string;
    readonly exited: Promise<ProcessExit>;
    private readonly child;
    private stderr;
    private exit?;
    constructor(executable: string, args: readonly string[], options?: {
        cwd?: string;
    });
    get pid(): number | undefined;
    get running(): boolean;
    /** What the process wrote to stderr (its last 16 KiB). */
    stderrText(): string;
    stderrTail(lines?: number): string;
    describeExit(): string;
    /** Waits up to `ms` for the process to exit by itself; true when it did. */
    waitForExit(ms: number): Promise<boolean>;
    /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is reaped. */
    stop(graceMs?: number): Promise<void>;
}
