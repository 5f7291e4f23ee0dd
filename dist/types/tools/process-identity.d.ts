export interface ProcessIdentity {
    pid: number;
    startTime?: string;
}
export declare function processStartTime(pid: number): string | undefined;
export declare function currentProcess(): ProcessIdentity;
/** True while the very process (same pid, same start time) is running. */
export declare function isAlive(identity: ProcessIdentity): boolean;
