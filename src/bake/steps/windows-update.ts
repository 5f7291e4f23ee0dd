/**
 * --windows-update: rounds of search, download and install, each run by a scheduled task as SYSTEM (the
 * Windows Update Agent refuses to install from a remote session), its progress and result read back over
 * SSH; a round that needs a restart gets one. Then DISM's component store cleanup. Bounded by
 * --update-rounds and --update-timeout (notes/nightly-baseline.md, "Windows Update").
 * Uses: session, options, workDir, deadline. Produces: updates (what was installed).
 */
import { BuildError } from '../../errors.js';
import { uploadToGuest } from '../../guest/sftp.js';
import { firstWords, powershellCommand, sshAuthError, SshError } from '../../guest/ssh.js';
import {
  componentCleanupCommand,
  DELETE_UPDATE_TASK_COMMAND,
  newProgressLines,
  POLL_ROUND_SCRIPT,
  splitPoll,
  START_ROUND_COMMAND,
  WINDOWS_UPDATE_SCRIPT_PATH,
  windowsUpdateScriptFile,
} from '../../guest/windows-update.js';
import {
  afterRound,
  parseWindowsUpdateResult,
  type WindowsUpdateResult as RoundResult,
} from '../../guest/windows-update-result.js';
import { formatBytes, formatDuration } from '../../log.js';
import type { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { pause, remainingMs } from '../deadline.js';
import { guestAction, rebootGuest } from '../guest-login.js';

/** `--update-exclude` values: KB numbers, and title patterns for everything else. Pure. */
export function updateFilters(exclude: readonly string[]): { excludeKbs: string[]; excludeTitles: string[] } {
  const excludeKbs = exclude.filter((item) => /^KB\d+$/i.test(item)).map((item) => item.toUpperCase());
  const excludeTitles = exclude.filter((item) => !/^KB\d+$/i.test(item));
  return { excludeKbs, excludeTitles };
}

export class InstallWindowsUpdates implements Step {
  readonly title = 'Installing Windows updates';
  readonly phase = 'updates' as const;
  /** Lines of progress.log logged so far (it grows over all the rounds). */
  private progressSeen = 0;

  async run(context: BuildContext): Promise<void> {
    const { options } = context;
    const session = context.session!;
    const started = Date.now();
    const until = Math.min(context.deadline, started + options.updateTimeoutSeconds * 1000);
    const script = windowsUpdateScriptFile({
      ...updateFilters(options.updateExclude),
      includeDrivers: options.updateDrivers,
      includePreviews: options.updatePreviews,
    });
    await guestAction(context, 'uploading the Windows Update script', 'update-failed', () =>
      uploadToGuest(
        session.ssh,
        [{ content: script, destination: WINDOWS_UPDATE_SCRIPT_PATH }],
        remainingMs(context),
      ),
    );
    const updates = (context.updates = []) as NonNullable<BuildContext['updates']>;
    const history: RoundResult[] = [];
    try {
      for (;;) {
        const result = await this.round(context, session, until);
        for (const update of result.installed) {
          updates.push({
            kb: update.kb,
            title: update.title,
            sizeBytes: update.sizeBytes,
            round: result.round,
          });
        }
        context.logger.info(roundSummary(result));
        const next = afterRound(history, result, { maxRounds: options.updateRounds });
        history.push(result);
        if (next.kind === 'failed') {
          throw new BuildError('update-failed', `Windows Update failed: ${next.message}`, {
            hint: "Leave the update out with --update-exclude KB…, or rerun later (Microsoft sometimes pulls a broken update). The failure bundle holds the round's progress log.",
          });
        }
        if (next.kind === 'done') break;
        if (next.kind === 'reboot')
          await rebootGuest(context, session, `Windows Update round ${result.round}`);
      }
    } finally {
      await session.runInGuest(DELETE_UPDATE_TASK_COMMAND).catch(() => undefined);
    }
    const total = updates.reduce((sum, update) => sum + update.sizeBytes, 0);
    context.logger.info(
      `Windows Update: ${updates.length} updates (${formatBytes(total)}) in ${history.length} rounds, ${formatDuration(Date.now() - started)}`,
    );
    await this.cleanUpComponentStore(context, session);
  }

  /** One round: start the task, follow its progress, return its result. */
  private async round(context: BuildContext, session: VmSession, until: number): Promise<RoundResult> {
    const { timings } = session;
    const reboots = session.reboots;
    await guestAction(context, 'starting a Windows Update round', 'update-failed', async () => {
      const started = await session.runInGuest(START_ROUND_COMMAND);
      if (started.code !== 0) {
        throw new BuildError(
          'update-failed',
          `Could not start the Windows Update task: ${firstWords(started)}`,
          {
            hint: 'schtasks.exe refused the task; the account must be an administrator.',
          },
        );
      }
    });
    let last = 'no progress yet';
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) {
        throw new BuildError(
          'timeout',
          `Windows Update did not finish within --update-timeout ${context.options.updateTimeoutSeconds} s (last progress: ${last})`,
          {
            hint: 'Raise --update-timeout (a first cumulative update can take an hour on a slow host), or see the failure bundle for where it stopped.',
          },
        );
      }
      await pause(context, Math.min(timings.updatePollMs, left), 'installing Windows updates');
      if (!session.running) throw session.exitedError('while Windows Update ran');
      // The task dies with a restart: waiting on would only end at --update-timeout.
      if (session.reboots !== reboots) {
        throw new BuildError(
          'update-failed',
          `The guest restarted during a Windows Update round, before the round wrote its result (last progress: ${last})`,
          {
            hint: 'Something restarted Windows while updates installed (an update that forces a restart, a crash): see the failure bundle.',
          },
        );
      }
      const seen = await this.poll(context, session);
      if (!seen) continue;
      const fresh = newProgressLines(seen.progress, this.progressSeen);
      this.progressSeen = fresh.seen;
      for (const line of fresh.lines) context.logger.info(line);
      if (fresh.lines.length > 0) last = fresh.lines.at(-1)!.replace(/^Windows Update: /, '');
      if (seen.result !== undefined) return roundResult(seen.result);
    }
  }

  /** The round's progress and result so far; undefined while the guest does not answer (it may be busy). */
  private async poll(
    context: BuildContext,
    session: VmSession,
  ): Promise<ReturnType<typeof splitPoll> | undefined> {
    try {
      const result = await session.runInGuest(powershellCommand(POLL_ROUND_SCRIPT));
      return result.code === 0 ? splitPoll(result.stdout) : undefined;
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
      context.logger.debug(`Polling the Windows Update round: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async cleanUpComponentStore(context: BuildContext, session: VmSession): Promise<void> {
    const resetBase = context.options.updateResetBase;
    const started = Date.now();
    const result = await guestAction(context, 'cleaning up the component store', 'update-failed', () =>
      session.runInGuest(componentCleanupCommand(resetBase), remainingMs(context)),
    );
    // 3010: done, a restart would finish it; the shutdown does.
    if (result.code === 0 || result.code === 3010) {
      context.logger.info(
        `Component store cleaned up${resetBase ? ' (/ResetBase)' : ''} in ${formatDuration(Date.now() - started)}`,
      );
    } else {
      context.logger.warn(
        `DISM's component store cleanup failed (exit code ${result.code}): ${firstWords(result)}; the image is larger`,
      );
    }
  }
}

/** result.json read; a malformed one fails the build, saying what was wrong with it. */
function roundResult(text: string): RoundResult {
  try {
    return parseWindowsUpdateResult(text);
  } catch (error) {
    throw new BuildError('update-failed', (error as Error).message, {
      hint: 'The round script wrote a result the host cannot read; the failure bundle holds it.',
    });
  }
}

function roundSummary(result: RoundResult): string {
  const installed = result.installed.map((update) => update.kb).join(', ') || 'nothing';
  const excluded = result.excluded.length ? `, ${result.excluded.length} left out by the filters` : '';
  const reboot = result.rebootRequired ? ', a restart is needed' : '';
  return `Windows Update round ${result.round}: installed ${installed}${excluded}${reboot}`;
}
