/**
 * Admission control's rule, pure: does a build fit on this host beside the builds already running, and if
 * not, can it ever (fail at once) or only not now (wait for the builds in its way)? notes/admission.md says
 * why each bound is what it is.
 */
import type { Accelerator } from '../targets.js';
/** What the build asks for. */
export interface AdmissionRequest {
    memoryMiB: number;
    cpus: number;
    accel: Accelerator;
    /** What its work dir will grow to, on the filesystem `device` (st_dev) of `dir`. */
    diskBytes: number;
    device: string;
    dir: string;
}
/** The host, read now. */
export interface HostState {
    memTotalBytes: number;
    memAvailableBytes: number;
    cpus: number;
    /** Free bytes on the request's filesystem. */
    freeBytes: number;
}
/** Another live build's reservation, with what it has not taken yet. */
export interface OtherBuild {
    pid: number;
    buildId: string;
    memoryMiB: number;
    cpus: number;
    device: string;
    /** Reserved guest memory its QEMU has not touched yet (MemAvailable still counts it as free). */
    untouchedMemoryBytes: number;
    /** Disk it has reserved and not written yet. */
    remainingDiskBytes: number;
}
export type AdmissionDecision = 
/** warnings: it goes ahead, but alone it finds less memory available now than it will use (see below). */
{
    verdict: 'fits';
    warnings?: string[];
}
/** never: waiting cannot help (more than the host has in all, or a full disk with no build to wait for). */
 | {
    verdict: 'never' | 'wait';
    shortfalls: string[];
    blocking: OtherBuild[];
};
/** Memory kept free for the host, QEMU's own overhead and the page cache: max(1 GiB, 10 % of MemTotal). */
export declare function memoryHeadroomBytes(memTotalBytes: number): number;
/**
 * vCPUs per host CPU. Under TCG every vCPU thread keeps a host CPU busy: no overcommit. Under KVM a vCPU
 * thread runs only while the guest does, and Setup waits on the disk much of the time: two per CPU.
 */
export declare const CPU_OVERCOMMIT: Readonly<Record<Accelerator, number>>;
/** "1 other build (pid 12)", "2 other builds (pids 12, 34)". */
export declare function describeBuilds(builds: readonly OtherBuild[]): string;
/** The rule: memory against MemTotal and MemAvailable, vCPUs against the CPUs, disk against free space. */
/** More vCPUs than the host's budget for one build: it runs, slowly (a warning, not a refusal). */
export declare function oversubscribed(request: Pick<AdmissionRequest, 'cpus' | 'accel'>, hostCpus: number): string | undefined;
export declare function decideAdmission(request: AdmissionRequest, host: HostState, others: readonly OtherBuild[]): AdmissionDecision;
