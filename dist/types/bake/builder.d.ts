import { type Logger } from '../log.js';
import type { ImageResult, Step } from './context.js';
import type { BuildOptions, WindowsOs } from './options.js';
export type BuildInput = Partial<BuildOptions> & Pick<BuildOptions, 'iso' | 'virtioWinIso' | 'output'>;
/** What --dry-run shows: everything the build would run, with the password hidden. */
export interface BuildPlan {
    os: WindowsOs;
    accel: 'kvm' | 'tcg';
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
    durationMs: number;
} | {
    kind: 'plan';
    plan: BuildPlan;
    durationMs: number;
};
/**
 * The build, step by step; new instances for every build (the steps keep their state). With `generalize`,
 * sysprep powers the guest off instead of a plain shutdown.
 */
export declare function createSteps(options?: Pick<BuildOptions, 'generalize'>): Step[];
/** --dry-run: everything up to the plan, nothing started. */
export declare function createDryRunSteps(): Step[];
export declare class WindowsImageBuilder {
    readonly options: BuildOptions;
    private readonly logger;
    private readonly steps;
    /**
     * @param input options; missing ones take the defaults, all are validated (BuildError, exit code 2).
     * @param logger where progress goes; the password is redacted from everything it receives.
     * @param steps the pipeline (fresh instances, see createSteps); replaceable for tests that inject faults.
     */
    constructor(input: BuildInput, logger?: Logger, steps?: readonly Step[]);
    /** Runs the build. Resolves to the image (or, with dryRun, the plan); rejects with a BuildError. */
    build(signal?: AbortSignal): Promise<BuildResult>;
}
