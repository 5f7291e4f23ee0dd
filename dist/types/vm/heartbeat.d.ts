export interface HeartbeatFacts {
    phase: string;
    elapsedMs: number;
    reboots: number;
    /** Bytes allocated in the install disk (its file's blocks); undefined when it cannot be read. */
    diskBytes?: number;
    /** Growth of the allocation since the previous heartbeat. */
    diskBytesPerSecond?: number;
    /** From earlier builds of the same kind on this host (bake/history.ts). */
    remainingMs?: number;
}
export declare function heartbeatLine(facts: HeartbeatFacts): string;
/** Disk growth per second between two samples; undefined without an earlier one or time between them. */
export declare function diskRate(previous: {
    bytes: number;
    at: number;
} | undefined, bytes: number, at: number): number | undefined;
