import type { PhaseName } from './timeline.js';
export interface EventBase {
    /** ISO 8601, UTC. */
    time: string;
    /** Milliseconds since the build started. */
    elapsedMs: number;
}
export type BuildEventBody = {
    type: 'phase-start';
    phase: PhaseName;
    title: string;
} | {
    type: 'phase-end';
    phase: PhaseName;
    title: string;
    durationMs: number;
} | {
    type: 'reboot';
    reboots: number;
} | {
    type: 'screenshot';
    file: string;
    reason: string;
} | {
    type: 'guest-step';
    step: string;
    status: 'started' | 'ok' | 'failed';
    error?: string;
} | {
    type: 'heartbeat';
    phase: string;
    reboots: number;
    diskBytes?: number;
    diskBytesPerSecond?: number;
    remainingMs?: number;
    line: string;
} | {
    type: 'warning';
    message: string;
} | {
    type: 'result';
    ok: true;
    dryRun: boolean;
    durationMs: number;
    image?: {
        path: string;
        sizeBytes: number;
        sha256: string;
    };
} | {
    type: 'result';
    ok: false;
    durationMs: number;
    error: {
        code: string;
        message: string;
        hint?: string;
        exitCode: number;
    };
};
export type BuildEvent = EventBase & BuildEventBody;
export type BuildEventListener = (event: BuildEvent) => void;
/** The events of one build: listeners see each event once, in order, with the secrets replaced by ***. */
export declare class BuildEvents {
    private readonly startedAt;
    private readonly secrets;
    private readonly now;
    private readonly listeners;
    constructor(startedAt: number, secrets?: readonly string[], now?: () => number);
    /** Adds a listener; returns the function that removes it. */
    on(listener: BuildEventListener): () => void;
    emit(body: BuildEventBody): void;
}
