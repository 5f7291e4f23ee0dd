/**
 * Admission control: the build takes its share of the host (memory, vCPUs, disk) in the host-wide ledger
 * before anything big is made, or waits until the builds in its way end, or fails with the numbers.
 * Uses: --memory, --cpus, --admission, the accelerator (preflight), the work dir (empty still), the disk
 * size, the deadline (a wait has a budget as long as --build-timeout and moves the deadline later by its
 * length: the build's own time starts when it is admitted). Produces: a reservation in the ledger, given
 * back by its cleanup whatever happened (a killed build's record is ignored by liveness). A dry run only
 * checks: it reserves nothing, never waits.
 */
import { statSync } from 'node:fs';
import { BuildError } from '../../errors.js';
import { currentProcess } from '../../tools/process-identity.js';
import { WINDOWS_TARGETS } from '../../unattend/windows-targets.js';
import {
  admissionDir,
  liveReservations,
  releaseReservation,
  waitForLedgerChange,
  withLedgerLock,
  writeReservation,
  type Reservation,
} from '../admission-ledger.js';
import {
  decideAdmission,
  describeBuilds,
  oversubscribed,
  type AdmissionDecision,
  type AdmissionRequest,
  type OtherBuild,
} from '../admission.js';
import type { BuildContext, Step } from '../context.js';
import { excludeWait, remainingMs } from '../deadline.js';
import { allocatedBytes, touchedGuestBytes } from '../host-capacity.js';
import { chooseVmSize, filesystemSpace, hostCpus, hostMemory, hostSize } from '../host-resources.js';

const MiB = 1024 * 1024;
/** A re-check this often even when the ledger says nothing (killed builds, other programs' memory). */
export const ADMISSION_POLL_MS = 2000;

/** What the build asks of the host: its guest, and the disk its work dir grows to (as preflight counts it). */
export function admissionRequest(context: BuildContext): AdmissionRequest {
  const { options } = context;
  const dir = context.workDir!;
  const typical = WINDOWS_TARGETS[context.os!].typicalInstallMiB;
  // Preflight sized the VM (auto resolved from the host).
  const size = context.vmSize ?? chooseVmSize(options, hostSize());
  return {
    memoryMiB: size.memoryMiB,
    cpus: size.cpus,
    accel: context.accel!,
    diskBytes: Math.min(options.diskSizeMiB, typical) * MiB,
    device: String(statSync(dir).dev),
    dir,
  };
}

/** Another build's record, with what it has not yet taken of its memory and disk. */
function otherBuild(record: Reservation): OtherBuild {
  const memory = record.memoryMiB * MiB;
  return {
    pid: record.pid,
    buildId: record.buildId,
    memoryMiB: record.memoryMiB,
    cpus: record.cpus,
    device: record.device,
    untouchedMemoryBytes: memory - touchedGuestBytes(record.pid, memory),
    remainingDiskBytes: Math.max(0, record.diskBytes - allocatedBytes(record.workDir)),
  };
}

/**
 * Before the action downloads gigabytes of media: fails at once when the guest's memory exceeds what this
 * host has at all (the totals alone; what other builds hold is the step's business, later).
 */
export function checkHostCanEverFit(
  options: Pick<BuildContext['options'], 'memoryMiB' | 'cpus' | 'admission'>,
  accel: AdmissionRequest['accel'],
): void {
  if (options.admission === 'off') return;
  const memory = hostMemory();
  const size = chooseVmSize(options, hostSize());
  const decision = decideAdmission(
    { memoryMiB: size.memoryMiB, cpus: size.cpus, accel, diskBytes: 0, device: '', dir: '' },
    {
      memTotalBytes: memory.totalBytes,
      memAvailableBytes: memory.totalBytes,
      cpus: hostCpus(),
      freeBytes: 0,
    },
    [],
  );
  if (decision.verdict === 'never') throw neverFits(decision);
}

export class Admission implements Step {
  readonly title = 'Taking a share of the host';
  private held?: { dir: string; buildId: string };

  async run(context: BuildContext): Promise<void> {
    const { options, logger } = context;
    if (options.admission === 'off') return;
    const dir = admissionDir();
    const request = admissionRequest(context);
    const slow = oversubscribed(request, hostCpus());
    if (slow) logger.warn(slow);
    const reserve = !options.dryRun;
    // The wait has its own budget, as long as the build's; the build's clock stops while it waits.
    const waitBudgetMs = context.deadline - context.startedAt;
    let waitingSince: number | undefined;
    let waitUntil = Number.POSITIVE_INFINITY;
    for (;;) {
      const decision = await withLedgerLock(dir, () => {
        const others = liveReservations(dir)
          .filter((record) => record.buildId !== context.buildId)
          .map(otherBuild);
        const memory = hostMemory();
        const verdict = decideAdmission(
          request,
          {
            memTotalBytes: memory.totalBytes,
            memAvailableBytes: memory.availableBytes,
            cpus: hostCpus(),
            freeBytes: filesystemSpace(request.dir)?.freeBytes ?? 0,
          },
          others,
        );
        if (verdict.verdict === 'fits' && reserve) {
          writeReservation(dir, {
            ...currentProcess(),
            buildId: context.buildId,
            memoryMiB: request.memoryMiB,
            cpus: request.cpus,
            diskBytes: request.diskBytes,
            device: request.device,
            workDir: request.dir,
            startedAt: new Date().toISOString(),
          });
          this.held = { dir, buildId: context.buildId };
        }
        return verdict;
      });
      if (decision.verdict === 'fits') {
        decision.warnings?.forEach((warning) => logger.warn(warning));
        let waited = '';
        if (waitingSince !== undefined) {
          const waitedMs = Date.now() - waitingSince;
          excludeWait(context, waitedMs);
          waited = ` after waiting ${Math.round(waitedMs / 1000)} s (not counted in --build-timeout: ${Math.round(remainingMs(context) / 1000)} s left for the build)`;
        }
        logger.info(
          `Admitted${waited}: ${request.memoryMiB} MiB, ${request.cpus} vCPU, ${Math.round(request.diskBytes / MiB)} MiB disk (ledger ${dir})`,
        );
        return;
      }
      if (decision.verdict === 'never') throw neverFits(decision);
      if (options.dryRun) {
        logger.warn(`A build now would wait: ${decision.shortfalls.join('; ')}`);
        return;
      }
      if (options.admission === 'fail') throw busy(decision, 'admission is fail');
      if (Date.now() >= waitUntil) {
        throw busy(decision, `it waited ${Math.round(waitBudgetMs / 1000)} s, as long as --build-timeout`);
      }
      if (waitingSince === undefined) {
        waitingSince = Date.now();
        waitUntil = waitingSince + waitBudgetMs;
        logger.info(
          `Waiting for room (at most ${Math.round(waitBudgetMs / 1000)} s, not counted in --build-timeout): ${decision.shortfalls.join('; ')}. Waiting for ${waitList(decision.blocking)}`,
        );
      }
      await waitForLedgerChange(dir, Math.min(ADMISSION_POLL_MS, waitUntil - Date.now()), context.signal);
      if (context.signal.aborted) {
        throw new BuildError('cancelled', 'Stopped waiting for room on the host: the build was cancelled');
      }
    }
  }

  async cleanup(): Promise<void> {
    if (!this.held) return;
    const { dir, buildId } = this.held;
    this.held = undefined;
    await withLedgerLock(dir, () => releaseReservation(dir, buildId));
  }
}

/** "2 other builds (pids 12, 34): builds a1b2…, c3d4…". */
function waitList(blocking: readonly OtherBuild[]): string {
  return `${describeBuilds(blocking)}: build ${blocking.map((build) => build.buildId).join(', ')}`;
}

type Shortfall = Extract<AdmissionDecision, { shortfalls: string[] }>;

const HINT =
  'Ask for less: --memory (MiB) and --cpus (vCPUs) of the guest, --disk-size or a --work-dir/--output on a larger filesystem';

function neverFits(decision: Shortfall): BuildError {
  return new BuildError(
    'host-too-small',
    `This host cannot run the build: ${decision.shortfalls.join('; ')}`,
    {
      hint: `${HINT}; or run it on a larger host.`,
    },
  );
}

function busy(decision: Shortfall, why: string): BuildError {
  return new BuildError(
    'host-busy',
    `No room on this host now (${why}): ${decision.shortfalls.join('; ')}. In the way: ${waitList(decision.blocking)}`,
    {
      hint: `${HINT}; or let it wait for the other builds (--admission wait: as long as --build-timeout, not counted in it).`,
    },
  );
}
