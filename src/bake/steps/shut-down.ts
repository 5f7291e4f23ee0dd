/**
 * Powers the guest off cleanly: over SSH, sshd's host keys are deleted (each copy of the image makes its own)
 * and then, in the same session, `shutdown /s` (the session dropping is success); then waits for QEMU to
 * exit; if it does not, the ACPI power button. Keys that cannot be deleted fail the build before the
 * shutdown. A guest that ignores both is stopped (QMP quit, then kill) and fails the build: its disk was
 * never shut down. Every wait honours cancellation and the deadline. Uses: session, timings, readyAt.
 * Produces: a VM that has exited, its disk complete, without host keys.
 */
import { BuildError } from '../../errors.js';
import { firstWords, sshAuthError, SshError, type CommandResult } from '../../guest/ssh.js';
import { FINAL_SHUTDOWN_COMMAND } from '../../guest/scripts.js';
import { formatDuration } from '../../log.js';
import type { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { waitWithin } from '../deadline.js';

export class ShutDown implements Step {
  readonly title = 'Shutting down';
  readonly phase = 'shutdown' as const;

  async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    const { timings } = session;
    session.phase = 'shutting down';
    // A VM that is gone already (crashed, killed) never shut Windows down: its disk is not an image.
    if (!session.running) throw session.exitedError('before the guest was asked to shut down');
    const asked = Date.now();
    let result: CommandResult | undefined;
    try {
      result = await waitWithin(
        context,
        session.runInGuest(FINAL_SHUTDOWN_COMMAND, timings.shutdownCommandMs),
        timings.shutdownCommandMs,
        'asking the guest to shut down',
      );
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
      if (error instanceof BuildError) throw error; // cancelled, or out of time
      // Any other SSH outcome: the session dropping as the guest goes down is the expected one.
      context.logger.debug(`The shutdown request ended with: ${(error as Error).message}`);
    }
    // An exit code other than 0 with the session intact: deleting the host keys failed, nothing shut down.
    if (result && result.code !== null && result.code !== 0) {
      const said = firstWords(result);
      throw new BuildError(
        'guest-step-failed',
        `Could not delete the host keys of sshd before the shutdown (exit code ${result.code}): ${said}`,
        {
          hint: 'Every copy of the image would share one private SSH host key. Rerun with --keep-work-dir and look at C:\\ProgramData\\ssh in the guest.',
        },
      );
    }
    context.logger.info('Asked the guest to shut down');
    await this.waitForPowerOff(context, session);
    const readyAt = context.readyAt ?? asked;
    context.logger.info(
      `Guest powered off ${formatDuration(Date.now() - asked)} after the shutdown request (${formatDuration(Date.now() - readyAt)} after ready)`,
    );
  }

  private async waitForPowerOff(context: BuildContext, session: VmSession): Promise<void> {
    const { timings } = session;
    const exited = session.qemu.exited.then(() => true);
    const within = (ms: number): Promise<boolean | undefined> =>
      waitWithin(context, exited, ms, 'waiting for the guest to power off');
    if (await within(timings.powerOffMs)) return;
    context.logger.warn(
      `The guest did not power off within ${timings.powerOffMs / 1000} s: pressing the ACPI power button`,
    );
    await session.qmp.execute('system_powerdown').catch(() => undefined);
    if (await within(timings.acpiPowerOffMs)) return;
    // Windows did not shut down: whatever it had not written is lost, so the disk is no image to ship.
    context.logger.warn('Still running: asking QEMU to quit');
    await session.qmp.execute('quit').catch(() => undefined);
    if (!(await within(timings.quitMs))) {
      context.logger.warn('Still running: killing QEMU');
      await session.qemu.stop(0);
    }
    throw new BuildError(
      'vm-failed',
      `The guest did not shut down: no power-off within ${timings.powerOffMs / 1000} s of the shutdown request, nor ${timings.acpiPowerOffMs / 1000} s after the ACPI power button, so QEMU was stopped.\n${session.serialTail()}`,
      {
        hint: 'A disk whose Windows never shut down is not kept as an image. Something in the guest blocks shutdown (an installer waiting, an update); rerun with --keep-work-dir to look at the disk.',
      },
    );
  }
}
