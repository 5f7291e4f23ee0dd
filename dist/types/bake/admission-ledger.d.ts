import { type ProcessIdentity } from '../tools/process-identity.js';
/** Tests (and hosts that want another place) name the ledger directory here. */
export declare const ADMISSION_DIR_ENV = "BAKE_ADMISSION_DIR";
export declare const DEFAULT_ADMISSION_DIR = "/var/tmp/bake-windows-image/admission";
export interface Reservation extends ProcessIdentity {
    buildId: string;
    memoryMiB: number;
    cpus: number;
    /** What the build's work dir grows to, on filesystem `device` (st_dev). */
    diskBytes: number;
    device: string;
    /** The work dir: what is in it is written already (no longer to be subtracted from free space). */
    workDir: string;
    startedAt: string;
}
/**
 * The ledger: $BAKE_ADMISSION_DIR, else /var/tmp/bake-windows-image/admission (host-wide), else one under
 * $XDG_RUNTIME_DIR or the temp dir (this user's builds only: said in notes/admission.md).
 */
export declare function admissionDir(env?: NodeJS.ProcessEnv): string;
/** The live reservations; dead processes' records are removed (where this user may). Call under the lock. */
export declare function liveReservations(dir: string): Reservation[];
/** Runs `fn` holding the ledger's lock (held for milliseconds: a short wait, no deadline of its own). */
export declare function withLedgerLock<T>(dir: string, fn: () => T | Promise<T>): Promise<T>;
/** Writes the build's record (whole, then renamed: a reader never sees half). Call under the lock. */
export declare function writeReservation(dir: string, reservation: Reservation): void;
/** Gives the reservation back; its removal wakes the builds waiting in waitForLedgerChange. */
export declare function releaseReservation(dir: string, buildId: string): void;
/**
 * Resolves when something in the ledger changes (a build ended or started) or after `pollMs` (a killed
 * build removes nothing, and other programs free memory unannounced), whichever is first.
 */
export declare function waitForLedgerChange(dir: string, pollMs: number, signal?: AbortSignal): Promise<void>;
