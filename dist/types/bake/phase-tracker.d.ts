import { type PhaseName } from './timeline.js';
export type VmSignal = {
    kind: 'key';
} | {
    kind: 'disk';
    bytes: number;
} | {
    kind: 'reboot';
    reboots: number;
} | {
    kind: 'line';
    text: string;
};
export interface GuestStepReport {
    step: string;
    status: 'started' | 'ok' | 'failed';
    error?: string;
}
export interface PhaseTrackerOptions {
    onPhase: (phase: PhaseName) => void;
    onGuestStep?: (report: GuestStepReport) => void;
}
/**
 * Growth of the disk's allocation on the first boot that means Setup is partitioning and copying: more than
 * a firmware or a boot loader ever writes, far less than formatting and the first files.
 */
export declare const SETUP_WRITES_BYTES: number;
/** `step 'start sshd' FAILED: …` (after the progress prefix) → its step, status and error. */
export declare function parseGuestStep(message: string): GuestStepReport | undefined;
export declare class PhaseTracker {
    private readonly options;
    private phaseNow;
    private firstDisk?;
    constructor(options: PhaseTrackerOptions);
    get phase(): PhaseName;
    feed(signal: VmSignal): void;
    private onLine;
    /** Phases only move forward: a late signal of an earlier phase changes nothing. */
    private advance;
}
