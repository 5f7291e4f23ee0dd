/** What the steps of a build share: the options, the logger, and what earlier steps made. */
import type { Logger } from '../log.js';
import type { UefiFirmware } from '../tools/firmware.js';
import type { VmSpec } from '../tools/qemu.js';
import type { BuildOptions, WindowsOs } from './options.js';
import type { FirmwareStatePaths } from './steps/firmware-state.js';
export interface BuildContext {
    readonly options: BuildOptions;
    readonly logger: Logger;
    readonly signal: AbortSignal;
    /** When the build started (ms since the epoch). */
    readonly startedAt: number;
    /** Resolved by preflight. */
    os?: WindowsOs;
    /** The language of Setup and Windows' UI: --locale when the image has it, else the image's default. */
    uiLanguage?: string;
    accel?: 'kvm' | 'tcg';
    firmware?: UefiFirmware;
    /** Absolute output path. */
    output?: string;
    /** Directories created for the output that did not exist before (removed again if the build fails). */
    createdOutputDirs?: string[];
    workDir?: string;
    answerMedium?: string;
    disk?: string;
    vm?: VmSpec;
    /** The finished image inside the work dir, ready to be moved to the output. */
    finishedImage?: string;
    /** --keep-firmware-state: copies next to the output (partial), their final names; keep: never delete. */
    firmwareState?: {
        partial: FirmwareStatePaths;
        final: FirmwareStatePaths;
        keep: boolean;
    };
    image?: ImageResult;
}
export interface ImageResult {
    path: string;
    /** Bytes of the qcow2 file. */
    sizeBytes: number;
    /** The disk size the guest sees. */
    virtualSizeBytes: number;
    sha256: string;
    /** With --keep-firmware-state: the UEFI variable store and (uefi-secure) the TPM state directory. */
    firmwareState?: FirmwareStatePaths;
}
export interface Step {
    /** Shown as the phase title. */
    readonly title: string;
    run(context: BuildContext): Promise<void>;
    /** Undoes what run made; called in reverse order after a failure, and after success too. */
    cleanup?(context: BuildContext, succeeded: boolean): Promise<void>;
}
