/**
 * The build's phases as they happened: each with its start and end, plus the guest's reboots and the steps
 * of its first-logon script. The builder keeps one per build (context.timeline); the action continues it
 * with its download and upload phases. Changes are reported as events when a BuildEvents is connected.
 */
import type { BuildEvents } from './events.js';
/** Every phase, in the order a bake goes through them, with the words the logs use. */
export declare const PHASES: {
    readonly preflight: "preflight";
    readonly media: "getting the installation media";
    readonly 'answer-medium': "making the answer medium and the disk";
    readonly boot: "firmware and boot prompt";
    readonly 'setup-files': "Windows Setup copying files (WinPE)";
    readonly 'setup-devices': "Windows Setup after its first reboot (specialize, devices)";
    readonly oobe: "OOBE";
    readonly 'first-logon': "first logon";
    readonly ssh: "confirming readiness over SSH";
    readonly base: "keeping the installed system as the base";
    readonly updates: "installing Windows updates";
    readonly provisioning: "running the provisioning scripts";
    readonly trim: "trimming free space";
    readonly shutdown: "shutting down";
    readonly compaction: "compacting the image";
    readonly upload: "uploading the image";
};
export type PhaseName = keyof typeof PHASES;
export declare const PHASE_ORDER: PhaseName[];
export interface PhaseRecord {
    name: PhaseName;
    title: string;
    startedAt: number;
    endedAt?: number;
}
export interface GuestStepRecord {
    name: string;
    status: 'running' | 'ok' | 'failed';
    startedAt: number;
    endedAt?: number;
    error?: string;
}
export interface TimelineJson {
    phases: {
        name: PhaseName;
        title: string;
        startedAt: string;
        endedAt?: string;
        durationMs: number;
    }[];
    reboots: {
        count: number;
        at: string;
    }[];
    guestSteps: {
        name: string;
        status: GuestStepRecord['status'];
        startedAt: string;
        durationMs: number;
        error?: string;
    }[];
}
export declare class Timeline {
    private readonly now;
    private readonly phaseList;
    private readonly rebootList;
    private readonly stepList;
    private events?;
    private readonly listeners;
    constructor(now?: () => number);
    /** Reports every later change to `events` (the builder connects its build's events). */
    connect(events: BuildEvents | undefined): void;
    /** Calls `listener` with each phase that starts; returns the function that removes it. */
    onPhase(listener: (phase: PhaseRecord) => void): () => void;
    get current(): PhaseRecord | undefined;
    get phases(): readonly PhaseRecord[];
    /** Ends the current phase and starts `name`; nothing when `name` is the current phase already. */
    start(name: PhaseName, at?: number): void;
    /**
     * Starts `name` only when it comes after the current phase in PHASE_ORDER (the guest's signals can arrive
     * late: a ready line seen after the build went on to trim must not take the timeline back). Whether it did.
     */
    advance(name: PhaseName, at?: number): boolean;
    /** Ends the current phase, if any (at the end of the build, or of the action's upload). */
    end(at?: number): void;
    reboot(count: number, at?: number): void;
    get reboots(): number;
    /** A first-logon step started, finished or failed (as the guest reported it on COM1). */
    guestStep(name: string, status: 'started' | 'ok' | 'failed', error?: string, at?: number): void;
    /** Total time spent in each phase (a phase can only run once, but the sum keeps it honest). */
    durations(at?: number): Partial<Record<PhaseName, number>>;
    toJSON(): TimelineJson;
}
