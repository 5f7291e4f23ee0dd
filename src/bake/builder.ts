/**
 * The build, as its list of steps. Each step does one thing and knows how to undo it; the builder runs
 * them in order and, whatever happens, cleans up in reverse (Packer's step runner is the model).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { asBuildError, BuildError } from '../errors.js';
import { formatDuration, redactingLogger, silentLogger, type Logger } from '../log.js';
import { qemuArgs, QEMU_SYSTEM } from '../tools/qemu.js';
import type { BuildContext, ImageResult, InstalledUpdate, Step } from './context.js';
import { cancelledError } from './deadline.js';
import { writeFailureBundle } from './failure-bundle.js';
import { BuildEvents, type BuildEventListener } from './events.js';
import { buildKind, defaultHistoryDir, HISTORY_FILE, recordBuild } from './history.js';
import type { BuildOptions, WindowsOs } from './options.js';
import { Admission } from './steps/admission.js';
import { MakeAnswerMedium } from './steps/answer-medium.js';
import { RestoreAutomaticUpdates } from './steps/automatic-updates.js';
import { AnswerBootPrompt } from './steps/boot-prompt.js';
import { Compact } from './steps/compact.js';
import { CreateDisk } from './steps/disk.js';
import { Finalize, keptHint } from './steps/finalize.js';
import { Generalize } from './steps/generalize.js';
import { SaveFirmwareState } from './steps/firmware-state.js';
import { Preflight } from './steps/preflight.js';
import { RunVm } from './steps/run-vm.js';
import { ShutDown } from './steps/shut-down.js';
import { StartTpm } from './steps/start-tpm.js';
import { TrimFreeSpace } from './steps/trim.js';
import { PlanVm } from './steps/vm-plan.js';
import { Provision } from './steps/provision.js';
import { RemoveGuestWorkFolder } from './steps/clean-guest.js';
import { KeepBase } from './steps/base-keep.js';
import { LookUpBase } from './steps/base-lookup.js';
import { InstallWindowsUpdates } from './steps/windows-update.js';
import { WaitUntilReady } from './steps/wait-until-ready.js';
import { PrepareWorkDir } from './steps/work-dir.js';
import { Timeline, type TimelineJson } from './timeline.js';
import { resolveOptions } from './validate.js';

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

export type BuildResult =
  | {
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
      base?: { status: 'hit' | 'miss'; key: string };
    }
  | { kind: 'plan'; plan: BuildPlan; durationMs: number };

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
export type StepChoices = Pick<
  BuildOptions,
  'generalize' | 'windowsUpdate' | 'upload' | 'provision' | 'baseCache'
>;
const NO_CHOICES: StepChoices = { generalize: false, windowsUpdate: false, upload: [], provision: [] };

/**
 * The build, step by step; new instances for every build (the steps keep their state). With `generalize`,
 * sysprep powers the guest off instead of a plain shutdown.
 */
export function createSteps(choices: Partial<StepChoices> = {}): Step[] {
  const options = { ...NO_CHOICES, ...choices };
  const provisions = options.upload.length > 0 || options.provision.length > 0;
  return [
    new Preflight(),
    new PrepareWorkDir(),
    // Before anything big: the answer medium, the base's copy, the disk, the VM.
    new Admission(),
    new MakeAnswerMedium(),
    ...(options.baseCache ? [new LookUpBase()] : []),
    new CreateDisk(),
    new PlanVm(),
    new StartTpm(),
    new RunVm(),
    new AnswerBootPrompt(),
    new WaitUntilReady(),
    ...(options.baseCache ? [new KeepBase()] : []),
    ...(options.windowsUpdate ? [new InstallWindowsUpdates()] : []),
    ...(provisions ? [new Provision()] : []),
    ...(options.windowsUpdate || provisions ? [new RemoveGuestWorkFolder()] : []),
    new TrimFreeSpace(),
    new RestoreAutomaticUpdates(),
    options.generalize ? new Generalize() : new ShutDown(),
    new Compact(),
    new SaveFirmwareState(),
    new Finalize(),
  ];
}

/** --dry-run: everything up to the plan, nothing started. */
export function createDryRunSteps(): Step[] {
  return [new Preflight(), new PrepareWorkDir(), new Admission(), new MakeAnswerMedium(), new PlanVm()];
}

export class WindowsImageBuilder {
  readonly options: BuildOptions;
  private readonly logger: Logger;
  private readonly steps: readonly Step[];
  private lastTimeline?: Timeline;

  /**
   * @param input options; missing ones take the defaults, all are validated (BuildError, exit code 2).
   * @param logger where progress goes; the password is redacted from everything it receives.
   * @param steps the pipeline (fresh instances, see createSteps); replaceable for tests that inject faults.
   * @param hooks live events, a timeline to continue, the history's place.
   */
  constructor(
    input: BuildInput,
    logger: Logger = silentLogger,
    steps?: readonly Step[],
    private readonly hooks: BuildHooks = {},
  ) {
    this.options = resolveOptions(input);
    this.logger = redactingLogger(logger, [this.options.password]);
    this.steps = steps ?? (this.options.dryRun ? createDryRunSteps() : createSteps(this.options));
  }

  /** The phases of the build running or last run (after a failure too); undefined before build(). */
  get timeline(): Timeline | undefined {
    return this.lastTimeline;
  }

  /** Runs the build. Resolves to the image (or, with dryRun, the plan); rejects with a BuildError. */
  async build(signal: AbortSignal = new AbortController().signal): Promise<BuildResult> {
    const startedAt = Date.now();
    const events = new BuildEvents(startedAt, [this.options.password]);
    if (this.hooks.onEvent) events.on(this.hooks.onEvent);
    const timeline = this.hooks.timeline ?? new Timeline();
    timeline.connect(events);
    this.lastTimeline = timeline;
    const historyDir = this.hooks.historyDir ?? defaultHistoryDir();
    const context: BuildContext = {
      options: this.options,
      logger: warningEvents(this.logger, events),
      signal,
      startedAt,
      buildId: randomUUID(),
      deadline: startedAt + buildLimitMs(this.options),
      timeline,
      events,
      ...(historyDir === false ? {} : { historyFile: path.join(historyDir, HISTORY_FILE) }),
    };
    const done: Step[] = [];
    let failure: BuildError | undefined;
    try {
      for (const step of this.steps) {
        if (signal.aborted) throw cancelledError(signal);
        if (step.phase) timeline.start(step.phase);
        this.logger.phase(step.title);
        done.push(step);
        await step.run(context);
      }
    } catch (error) {
      failure =
        signal.aborted && !(error instanceof BuildError) ? cancelledError(signal) : asBuildError(error);
      failure = withFinishedImage(failure, context.finishedImage);
      // Before the cleanups stop QEMU: the guest may still answer over SSH. A cancelled build leaves nothing.
      if (context.session && failure.code !== 'cancelled') failure = await this.withBundle(context, failure);
    }
    for (const step of done.reverse()) {
      try {
        await step.cleanup?.(context, failure === undefined);
      } catch (error) {
        this.logger.warn(`Cleanup of "${step.title}" failed: ${(error as Error).message}`);
      }
    }
    timeline.end();
    const durationMs = Date.now() - context.startedAt;
    if (!failure && !this.options.dryRun && !context.image)
      failure = new BuildError('internal', 'The build ended without an image');
    if (failure) {
      const error = withFinishedImage(failure, context.finishedImage);
      events.emit({ type: 'result', ok: false, durationMs, error: error.toJSON() });
      throw error;
    }
    if (this.options.dryRun) {
      events.emit({ type: 'result', ok: true, dryRun: true, durationMs });
      return { kind: 'plan', plan: planOf(context), durationMs };
    }
    const image = context.image!;
    this.logger.info(`Done in ${formatDuration(durationMs)}`);
    this.remember(context, durationMs);
    events.emit({
      type: 'result',
      ok: true,
      dryRun: false,
      durationMs,
      image: { path: image.path, sizeBytes: image.sizeBytes, sha256: image.sha256 },
    });
    return {
      kind: 'image',
      image,
      os: context.os!,
      ...(context.windowsBuild ? { windowsBuild: context.windowsBuild } : {}),
      durationMs,
      timeline: timeline.toJSON(),
      ...(context.updates ? { updates: context.updates } : {}),
      ...(context.base ? { base: { status: context.base.status, key: context.base.key } } : {}),
    };
  }

  /** The failure bundle, its place named at the end of the hint; a bundle that fails is only a warning. */
  private async withBundle(context: BuildContext, failure: BuildError): Promise<BuildError> {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not done within ${BUNDLE_BUDGET_MS / 1000} s`)),
        BUNDLE_BUDGET_MS,
      );
    });
    try {
      const bundle = await Promise.race([writeFailureBundle(context, failure), budget]);
      if (!bundle) return failure;
      this.logger.info(`Failure bundle: ${bundle.dir}`);
      const where = `Failure bundle: ${bundle.dir}; last screenshot: ${bundle.lastScreenshot ?? 'none was taken'}`;
      const hint = failure.hint ? `${failure.hint} ${where}` : where;
      return new BuildError(failure.code, failure.message, { hint, cause: failure, bundle: bundle.dir });
    } catch (error) {
      this.logger.warn(`Could not write the failure bundle: ${(error as Error).message}`);
      return failure;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A successful build's phase durations go into the history (a failure to write costs only estimates). */
  private remember(context: BuildContext, totalMs: number): void {
    if (!context.historyFile) return;
    try {
      recordBuild(context.historyFile, {
        kind: buildKind(context),
        finishedAt: new Date().toISOString(),
        totalMs,
        phases: context.timeline.durations(),
      });
    } catch (error) {
      this.logger.debug(`Could not record the build in ${context.historyFile}: ${(error as Error).message}`);
    }
  }
}

/** The logger the steps use: warnings are events too (the password is already redacted by `inner`). */
function warningEvents(inner: Logger, events: BuildEvents): Logger {
  return {
    ...inner,
    warn: (message) => {
      inner.warn(message);
      events.emit({ type: 'warning', message });
    },
  };
}

/** --build-timeout, and --update-timeout on top when Windows Update runs (its rounds can take hours). */
export function buildLimitMs(
  options: Pick<BuildOptions, 'buildTimeoutSeconds' | 'windowsUpdate' | 'updateTimeoutSeconds'>,
): number {
  return (options.buildTimeoutSeconds + (options.windowsUpdate ? options.updateTimeoutSeconds : 0)) * 1000;
}

/** The failure bundle's longest wait (its SSH fetches have their own, shorter budget). */
const BUNDLE_BUDGET_MS = 120_000;

/** A finished image is never lost: a failure after it was made says where it is (unless it already does). */
function withFinishedImage(failure: BuildError, image: string | undefined): BuildError {
  if (!image || !existsSync(image) || failure.hint?.includes(image)) return failure;
  const hint = failure.hint ? `${failure.hint} ${keptHint(image)}` : keptHint(image);
  return new BuildError(failure.code, failure.message, { hint, cause: failure });
}

function planOf(context: BuildContext): BuildPlan {
  return {
    os: context.os!,
    accel: context.accel!,
    cpus: context.vmSize!.cpus,
    memoryMiB: context.vmSize!.memoryMiB,
    firmware: context.options.firmware,
    workDir: context.workDir!,
    answerMedium: context.answerMedium!,
    qemu: [QEMU_SYSTEM, ...qemuArgs(context.vm!)],
    options: { ...context.options, password: '***' },
  };
}
