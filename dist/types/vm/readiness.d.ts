/** OVMF's line when Secure Boot refuses the DVD's loader (its signer is not in db, or it is revoked in dbx). */
export declare const FIRMWARE_REFUSED_CD: RegExp;
export interface ReadinessTimings {
    sshPollMs: number;
    sshRetryAfterReadyMs: number;
    sshUnreachableAfterReadyMs: number;
}
export interface ReadinessOptions {
    timings: ReadinessTimings;
    /** Logs in over SSH and tells whether the ready marker exists; throws SshError when it cannot. */
    markerPresent: () => Promise<boolean>;
    /** The first-logon script's log over SSH; throws when it cannot. */
    fetchGuestLog: () => Promise<string>;
    /** Secure Boot is on and the guest has not rebooted yet: a refused loader means nothing will boot. */
    installerMustBoot: () => boolean;
    info: (message: string) => void;
    debug: (message: string) => void;
    /** The account, for messages. */
    username: string;
}
export declare class ReadinessWatcher {
    private readonly options;
    /** Resolves with the time (ms since the epoch) readiness was confirmed. */
    readonly result: Promise<number>;
    private settle;
    private settled;
    private readyLineAt?;
    private lastSshError;
    private polling;
    private confirming;
    /** A failed guest step was seen; its log is being fetched. */
    private failing;
    private readonly timers;
    constructor(options: ReadinessOptions);
    /** Whether the guest's ready line has been seen. */
    get readyLineSeen(): boolean;
    /** A complete line of the serial console. */
    onLine(line: string): void;
    /** Ends the wait from outside (deadline, cancellation, QEMU exit): rejects with `error` unless settled. */
    fail(error: unknown): void;
    /** A failure the watcher found itself; a failed guest step being reported takes precedence. */
    private failInside;
    stop(): void;
    private succeed;
    /** Without a ready line: an SSH poll now and then (one at a time). */
    private poll;
    /** After the ready line: check at once, never queued behind a poll; retry while sshd is still starting. */
    private confirm;
    private onSshError;
    private sshNeverAnswered;
    private failGuestStep;
}
