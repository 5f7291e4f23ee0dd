import type { Step } from '../context.js';
/** Windows' EFI loader prompt, and the stand-in's (which also prints it on the serial console). */
export declare const BOOT_PROMPT: RegExp;
/** Debian's OVMF logs this on the serial port right before it runs the CD's boot loader. */
export declare const FIRMWARE_CD_BOOT: RegExp;
/** OVMF's line when Secure Boot refuses the DVD's loader (its signer is not in db, or it is revoked in dbx). */
export declare const FIRMWARE_REFUSED_CD: RegExp;
export type KeyPolicy = 
/** Answer the prompt of the first boot only (the right thing: a later key restarts Setup). */
'first-boot'
/** Answer every prompt: the seed's mistake, kept so a test can show what it breaks. */
 | 'every-prompt'
/** Never press a key: likewise. */
 | 'never';
export interface InstallTuning {
    keyPolicy: KeyPolicy;
    /** Appended to QEMU's command line (tests inject e.g. -no-reboot to show what it breaks). */
    extraQemuArgs: readonly string[];
    /** How often SSH is tried while no ready line has come over the serial port. */
    sshPollMs: number;
    /** How often a line about progress is logged. */
    heartbeatMs: number;
}
export declare const DEFAULT_TUNING: InstallTuning;
export declare function installStep(tuning?: Partial<InstallTuning>): Step;
export declare const install: Step;
