/** What the steps of a build share: the options, the logger, and what earlier steps made. */
import type { BaseCache, RecordedInputs } from '../cache/index.js';
import type { Logger } from '../log.js';
import type { Accelerator, WindowsOs } from '../targets.js';
import type { UefiFirmware } from '../tools/firmware.js';
import type { ManagedProcess } from '../tools/process.js';
import type { VmSpec } from '../tools/qemu.js';
import type { VmSize } from './host-resources.js';
import type { VmSession } from '../vm/session.js';
import type { KeyChoice } from '../unattend/generic-keys.js';
import type { VmTimings } from '../vm/timings.js';
import type { BuildEvents } from './events.js';
import type { BuildOptions } from './options.js';
import type { FirmwareStatePaths } from './steps/firmware-state.js';
import type { PhaseName, Timeline } from './timeline.js';
export interface BuildContext {
    readonly options: BuildOptions;
    readonly logger: Logger;
    readonly signal: AbortSignal;
    /** When the build started (ms since the epoch). */
    readonly startedAt: number;
    /** A random id of this build (provisioning scripts see it as BAKE_IMAGE_BUILD_ID). */
    readonly buildId: string;
    /**
     * When the build times out (ms since the epoch): startedAt + --build-timeout, moved later by the time it
     * waited for room on the host (excludeWait in deadline.ts): a wait is not the build's time.
     */
    deadline: number;
    /** How long admission waited for other builds (ms), not counted in the build's time. */
    waitedForRoomMs?: number;
    /** The phases so far (the steps' and the VM's), and the events they and the VM send. */
    readonly timeline: Timeline;
    readonly events: BuildEvents;
    /** The build history file (bake/history.ts); undefined when the history is off. */
    readonly historyFile?: string;
    /** Resolved by preflight. */
    os?: WindowsOs;
    /** The chosen image's Windows build number (install.wim XML), when it says. */
    windowsBuild?: number;
    /** The language of Setup and Windows' UI: --locale when the image has it, else the image's default. */
    uiLanguage?: string;
    /** The product key for the answer file and where it came from (given, the edition's generic key, none). */
    productKey?: KeyChoice;
    accel?: Accelerator;
    /** The VM's vCPUs and memory: the numbers given, or what `auto` chose for this host. */
    vmSize?: VmSize;
    firmware?: UefiFirmware;
    /** Absolute output path. */
    output?: string;
    /** Directories created for the output that did not exist before (removed again if the build fails). */
    createdOutputDirs?: string[];
    workDir?: string;
    answerMedium?: string;
    /** The answer medium's rendered files (they shape the install: a cached base is keyed by them). */
    renderedFiles?: {
        name: string;
        text: string;
    }[];
    disk?: string;
    /** The VM to run, and every wait of its session (by accelerator). */
    vm?: VmSpec;
    timings?: VmTimings;
    /** swtpm, running, when the VM has a TPM. */
    tpm?: ManagedProcess;
    /** The running VM. */
    session?: VmSession;
    /** With --base-cache: the base this build boots (hit) or keeps after the install (miss). */
    base?: BaseUse;
    /** The open base cache, what base.json records, and (on a miss, until the base is stored) the key's lock. */
    baseCache?: {
        cache: BaseCache;
        recorded: RecordedInputs;
        unlock?: () => Promise<void>;
    };
    /** What Windows Update installed (--windows-update), in the order it did. */
    updates?: InstalledUpdate[];
    /** When the guest was confirmed ready (ms since the epoch). */
    readyAt?: number;
    /** The finished image, compacted and checked, next to the output under a hidden name. */
    finishedImage?: string;
    /** --keep-firmware-state: the copies next to the output (hidden), and their final names. */
    firmwareState?: {
        partial: FirmwareStatePaths;
        final: FirmwareStatePaths;
    };
    image?: ImageResult;
}
/** The cached base install a build starts from (hit) or makes (miss); see bake/steps/base-*.ts. */
export interface BaseUse {
    /** The hash of everything that shapes the install. */
    key: string;
    status: 'hit' | 'miss';
    /** The base's files: on a hit from the start, on a miss once it is stored. */
    disk?: string;
    ovmfVars?: string;
    tpmDir?: string;
}
/** One update Windows Update installed: the image carries it. */
export interface InstalledUpdate {
    kb: string;
    title: string;
    sizeBytes: number;
    /** The round it was installed in (1 = the first search). */
    round: number;
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
/**
 * One job of the build, created per build (its state lives on the instance). The header comment of each
 * step's file says what it uses from the context and what it produces.
 */
export interface Step {
    /** Shown as the phase title. */
    readonly title: string;
    /** The timeline phase this step begins (the VM's own phases come from the PhaseTracker); none: no change. */
    readonly phase?: PhaseName;
    run(context: BuildContext): Promise<void>;
    /** Undoes what run made; called in reverse order after a failure, and after success too. */
    cleanup?(context: BuildContext, succeeded: boolean): Promise<void>;
}
