import type { Firmware, WindowsOs } from '../targets.js';
/** What `artifact-name: auto` is made of: whatever tells the legs of a matrix apart. */
export interface AutoArtifactName {
    edition: string;
    /** Undefined when the edition does not say; the build finds out from install.wim. */
    os?: WindowsOs;
    firmware: Firmware;
    /** The matrix leg: strategy.job-index (job<n>), or a label that names it (a reusable workflow's leg name). */
    jobIndex?: number | string;
    date: Date;
}
/**
 * Windows 11 Pro, w11, uefi-secure, leg 2, 2026-11-29 → windows-11-pro-w11-uefi-secure-job2-20261129.qcow2;
 * with the leg labelled w11-pro instead: windows-11-pro-w11-uefi-secure-w11-pro-20261129.qcow2. Pure.
 */
export declare function autoArtifactName({ edition, os, firmware, jobIndex, date }: AutoArtifactName): string;
/**
 * job-index: empty outside a matrix (action.yml's default gives the index only when there are 2+ legs); a
 * whole number, or a label such as w11-pro that reads better than job<n> (the reusable workflow's leg names).
 * A label is slugged as the auto name would slug it ("W11 Pro" → w11-pro), at most 40 characters: a leg's
 * free-form name is never a reason to fail the build.
 */
export declare function jobIndexInput(): number | string | undefined;
/** A leg's name as a label for file names: lower-case, runs of anything else than a-z0-9 → '-'. Pure. */
export declare function legLabel(text: string): string;
