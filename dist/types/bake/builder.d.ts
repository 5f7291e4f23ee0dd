import { type Logger } from '../log.js';
import type { ImageResult, InstalledUpdate, Step } from './context.js';
import { type BuildEventListener } from './events.js';
import type { BuildOptions, WindowsOs } from './options.js';
import { Timeline, type TimelineJson } from './timeline.js';
export type BuildInput = Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>;
/** What --dry-run shows: everything the build would run, with the password hidden. */
export interface BuildPlan {
    os: WindowsOs;
    accel: 'kvm' | 'tcg';
    /** The VM's size as chosen (memory and cpus `auto` become numbers here). */
    cpus: number;
    memoryMiB: number;
    firmware: BuildOptions['firmware'];
    workDir: string;
    answerMedium: string;
    /** The QEMU command line the install would run. */
    qemu: string[];
    options: BuildOptions;
}
export type BuildResult = {
    kind: 'image';
    image: ImageResult;
    os: WindowsOs;
    /** The Windows build number of the installed image (e.g. 26100), when install.wim says. */
    windowsBuild?: number;
    durationMs: number;
    timeline: TimelineJson;
    /** With --windows-update: what it installed (empty: nothing was available). */
    updates?: InstalledUpdate[];
    /** With --base-cache: whether the build started from a cached base, and its key. */
    base?: {
        status: 'hit' | 'miss';
        key: string;
    };
} | {
    kind: 'plan';
    plan: BuildPlan;
    durationMs: number;
};
/** What a caller can hook into a build, beside the options, the logger and the steps. */
export interface BuildHooks {
    /** Every event of the build as it happens (bake/events.ts), the password replaced by ***. */
    onEvent?: BuildEventListener;
    /** A timeline to continue (the action's download phase before the build, its upload after it). */
    timeline?: Timeline;
    /** Where history.json of earlier builds lives (the heartbeat's time left); false: no history. */
    historyDir?: string | false;
}
/** What decides the list of steps. */
export type StepChoices = Pick<BuildOptions, 'generalize' | 'windowsUpdate' | 'upload' | 'provision' | 'baseCache'>;
/**
 * The build, step by step; new instances for every build (the steps keep their state). With `generalize`,
 * sysprep powers the guest off instead of a plain shutdown.
 */
export declare function createSteps(choices?: Partial<StepChoices>): Step[];
/** --dry-run: everything up to the plan, nothing started. */
export declare function createDryRunSteps(): Step[];
export declare class WindowsImageBuilder {
    private readonly hooks;
    readonly options: BuildOptions;
    private readonly logger;
    private readonly steps;
    private lastTimeline?;
    /**
     * @param input options; missing ones take the defaults, all are validated (BuildError, exit code 2).
     * @param logger where progress goes; the password is redacted from everything it receives.
     * @param steps the pipeline (fresh instances, see createSteps); replaceable for tests that inject faults.
     * @param hooks live events, a timeline to continue, the history's place.
     */
    constructor(input: BuildInput, logger?: Logger, steps?: readonly Step[], hooks?: BuildHooks);
    /** The phases of the build running or last run (after a failure too); undefined before build(). */
    get timeline(): Timeline | undefined;
    /** Runs the build. Resolves to the image (or, with dryRun, the plan); rejects with a BuildError. */
    build(signal?: AbortSignal): Promise<BuildResult>;
    /** The failure bundle, its place named at the end of the hint; a bundle that fails is only a warning. */
    private withBundle;
    /** A successful build's phase durations go into the history (a failure to write costs only estimates). */
    private remember;
}
/** --build-timeout, and --update-timeout on top when Windows Update runs (its rounds can take hours). */
export declare function buildLimitMs(options: Pick<BuildOptions, 'buildTimeoutSeconds' | 'windowsUpdate' | 'updateTimeoutSeconds'>): number;
