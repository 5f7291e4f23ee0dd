import { type AdmissionRequest } from '../admission.js';
import type { BuildContext, Step } from '../context.js';
/** A re-check this often even when the ledger says nothing (killed builds, other programs' memory). */
export declare const ADMISSION_POLL_MS = 2000;
/** What the build asks of the host: its guest, and the disk its work dir grows to (as preflight counts it). */
export declare function admissionRequest(context: BuildContext): AdmissionRequest;
/**
 * Before the action downloads gigabytes of media: fails at once when the guest's memory exceeds what this
 * host has at all (the totals alone; what other builds hold is the step's business, later).
 */
export declare function checkHostCanEverFit(options: Pick<BuildContext['options'], 'memoryMiB' | 'cpus' | 'admission'>, accel: AdmissionRequest['accel']): void;
export declare class Admission implements Step {
    readonly title = "Taking a share of the host";
    private held?;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
}
