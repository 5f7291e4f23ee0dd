/**
 * The build, as its list of steps. Each step does one thing and knows how to undo it; the builder runs
 * them in order and, whatever happens, cleans up in reverse (Packer's step runner is the model).
 */
import { asBuildError, BuildError } from '../errors.js';
import { formatDuration, redactingLogger, silentLogger, type Logger } from '../log.js';
import { qemuArgs, QEMU_SYSTEM } from '../tools/qemu.js';
import type { BuildContext, ImageResult, Step } from './context.js';
import type { BuildOptions, WindowsOs } from './options.js';
import { answerMedium } from './steps/answer-medium.js';
import { disk } from './steps/disk.js';
import { compact, finalize } from './steps/finalize.js';
import { saveFirmwareState } from './steps/firmware-state.js';
import { install } from './steps/install.js';
import { preflight } from './steps/preflight.js';
import { vmPlan } from './steps/vm-plan.js';
import { workDir } from './steps/work-dir.js';
import { resolveOptions } from './validate.js';

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

export type BuildResult =
  | { kind: 'image'; image: ImageResult; os: WindowsOs; durationMs: number }
  | { kind: 'plan'; plan: BuildPlan; durationMs: number };

export const BUILD_STEPS: readonly Step[] = [
  preflight,
  workDir,
  answerMedium,
  disk,
  vmPlan,
  install,
  compact,
  saveFirmwareState,
  finalize,
];
export const DRY_RUN_STEPS: readonly Step[] = [preflight, workDir, answerMedium, vmPlan];

export class WindowsImageBuilder {
  readonly options: BuildOptions;
  private readonly logger: Logger;
  private readonly steps: readonly Step[];

  /**
   * @param input options; missing ones take the defaults, all are validated (BuildError, exit code 2).
   * @param logger where progress goes; the password is redacted from everything it receives.
   * @param steps the pipeline; replaceable for tests that inject faults.
   */
  constructor(input: BuildInput, logger: Logger = silentLogger, steps?: readonly Step[]) {
    this.options = resolveOptions(input);
    this.logger = redactingLogger(logger, [this.options.password]);
    this.steps = steps ?? (this.options.dryRun ? DRY_RUN_STEPS : BUILD_STEPS);
  }

  /** Runs the build. Resolves to the image (or, with dryRun, the plan); rejects with a BuildError. */
  async build(signal: AbortSignal = new AbortController().signal): Promise<BuildResult> {
    const context: BuildContext = {
      options: this.options,
      logger: this.logger,
      signal,
      startedAt: Date.now(),
    };
    const done: Step[] = [];
    let failure: BuildError | undefined;
    try {
      for (const step of this.steps) {
        if (signal.aborted) throw cancelled(signal);
        this.logger.phase(step.title);
        done.push(step);
        await step.run(context);
      }
    } catch (error) {
      failure = signal.aborted && !(error instanceof BuildError) ? cancelled(signal) : asBuildError(error);
    }
    for (const step of done.reverse()) {
      try {
        await step.cleanup?.(context, failure === undefined);
      } catch (error) {
        this.logger.warn(`Cleanup of "${step.title}" failed: ${(error as Error).message}`);
      }
    }
    if (failure) throw failure;
    const durationMs = Date.now() - context.startedAt;
    if (this.options.dryRun) {
      return { kind: 'plan', plan: planOf(context), durationMs };
    }
    if (!context.image) throw new BuildError('internal', 'The build ended without an image');
    this.logger.info(`Done in ${formatDuration(durationMs)}`);
    return { kind: 'image', image: context.image, os: context.os!, durationMs };
  }
}

function cancelled(signal: AbortSignal): BuildError {
  const reason =
    signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'cancelled');
  return new BuildError('cancelled', `The build was cancelled (${reason})`, {
    hint: 'Nothing was left behind; run it again when ready.',
  });
}

function planOf(context: BuildContext): BuildPlan {
  return {
    os: context.os!,
    accel: context.accel!,
    firmware: context.options.firmware,
    workDir: context.workDir!,
    answerMedium: context.answerMedium!,
    qemu: [QEMU_SYSTEM, ...qemuArgs(context.vm!)],
    options: { ...context.options, password: '***' },
  };
}
