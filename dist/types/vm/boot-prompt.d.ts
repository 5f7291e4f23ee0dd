/** Windows' EFI loader prompt, and the stand-in's (which also prints it on the serial console). */
export declare const BOOT_PROMPT: RegExp;
/** Debian's OVMF logs this on the serial port right before it runs the CD's boot loader. */
export declare const FIRMWARE_CD_BOOT: RegExp;
export interface BootPromptTimings {
    promptAfterFirmwareLineMs: number;
    silentFirmwareMs: number;
    blindPressIntervalMs: number;
    blindPresses: number;
}
export interface BootPromptWatcherOptions {
    firmware: 'bios' | 'uefi';
    timings: BootPromptTimings;
    /** Sends one key. `why` is for the log. */
    press: (why: string) => void;
    warn: (message: string) => void;
}
export declare class BootPromptWatcher {
    private readonly options;
    private reboots;
    private answered;
    private firmwareLineSeen;
    private readonly timers;
    private stopped;
    constructor(options: BootPromptWatcherOptions);
    /** Serial console text: a complete line, or a pending one (a prompt waiting for a key has no newline). */
    onText(text: string): void;
    /** The guest rebooted: from now on every prompt is a later boot's, and must not be answered. */
    onReboot(): void;
    /** Keys sent so far (prompt answers and blind presses). */
    keysSent: number;
    stop(): void;
    private get done();
    private answer;
    /** Firmware that logs nothing on the serial port: a few blind presses, first boot only. */
    private pressBlindly;
    private clearTimers;
}
