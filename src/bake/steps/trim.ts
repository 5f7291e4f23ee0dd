/**
 * Frees the guest's unused space in the disk image before compaction: TRIM of C: (ReTrim), else the same
 * through defrag /L, else zero-filling the free space (QEMU's detect-zeroes=unmap turns zeros into holes).
 * Each failure is read (exit code, Windows' message) and logged with the fallback taken; a guest that cannot
 * be trimmed at all makes a larger image, never a failed build. Uses: session, timings, deadline.
 */
import { powershellCommand, type CommandResult } from '../../guest/ssh.js';
import { DEFRAG_RETRIM_COMMAND, RETRIM_SCRIPT, ZERO_FILL_SCRIPT } from '../../guest/scripts.js';
import type { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { remainingMs, waitWithin } from '../deadline.js';

interface Method {
  name: string;
  command: string;
  timeoutMs: number;
}

export class TrimFreeSpace implements Step {
  readonly title = 'Trimming free space';
  readonly phase = 'trim' as const;

  async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    const { timings } = session;
    const methods: Method[] = [
      { name: 'ReTrim of C:', command: powershellCommand(RETRIM_SCRIPT), timeoutMs: timings.trimMs },
      { name: DEFRAG_RETRIM_COMMAND, command: DEFRAG_RETRIM_COMMAND, timeoutMs: timings.trimMs },
      {
        name: 'zero-fill of C:',
        command: powershellCommand(ZERO_FILL_SCRIPT),
        timeoutMs: timings.zeroFillMs,
      },
    ];
    for (const [index, method] of methods.entries()) {
      if (!session.running) throw session.exitedError('while its free space was being trimmed');
      // Trimming is worth less than the image: leave the shutdown its time before the deadline.
      const budget = remainingMs(context) - timings.powerOffMs;
      if (budget <= 0) {
        context.logger.warn(`No time left to trim before the build timeout; the image will be larger`);
        return;
      }
      method.timeoutMs = Math.min(method.timeoutMs, budget);
      const started = Date.now();
      const failure = await this.attempt(context, session, method);
      if (failure === undefined) {
        context.logger.info(`${method.name} done in ${Math.round((Date.now() - started) / 1000)} s`);
        return;
      }
      const next = methods[index + 1];
      context.logger.warn(
        `${method.name} failed: ${failure}; ${next ? `trying ${next.name} instead` : 'the image will be larger than it needs to be'}`,
      );
    }
  }

  /** Runs one method; undefined when it worked, else why not. Cancellation and the deadline throw. */
  private async attempt(
    context: BuildContext,
    session: VmSession,
    method: Method,
  ): Promise<string | undefined> {
    let result: CommandResult | undefined;
    try {
      result = await waitWithin(
        context,
        session.runInGuest(method.command, method.timeoutMs),
        method.timeoutMs,
        `trimming (${method.name})`,
      );
    } catch (error) {
      if (context.signal.aborted || Date.now() >= context.deadline) throw error;
      return `SSH: ${(error as Error).message}`;
    }
    if (result === undefined) return `no result within ${Math.round(method.timeoutMs / 1000)} s`;
    if (result.code === 0) {
      const said = lines(result.stdout).at(-1);
      if (said) context.logger.info(`guest: ${said}`);
      return undefined;
    }
    // PowerShell's error record starts with the message; the lines after it say where.
    const said = lines(result.stderr)[0] ?? lines(result.stdout).at(-1) ?? '(no output)';
    return `exit code ${result.code}: ${said}`;
  }
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
