/**
 * With automaticUpdates: removes the NoAutoUpdate policy that the answer file set for the bake, as the last
 * change before the shutdown. Automatic updating stays off during the bake (nothing downloads by itself, no
 * shutdown waits on "Working on updates"; --windows-update installs updates on purpose, in its own step); the
 * image updates itself from its next boot on. Without the option it does nothing.
 * Uses: options.automaticUpdates, session, timings, deadline. Produces: Windows Update's default policy.
 */
import { BuildError } from '../../errors.js';
import { RESTORE_AUTOMATIC_UPDATES_COMMAND } from '../../guest/scripts.js';
import { firstWords, sshAuthError, SshError, type CommandResult } from '../../guest/ssh.js';
import type { BuildContext, Step } from '../context.js';
import { waitWithin } from '../deadline.js';

const HINT = `The image would keep automatic updates off. Build without --automatic-updates and remove the policy where the image runs: ${RESTORE_AUTOMATIC_UPDATES_COMMAND}`;

export class RestoreAutomaticUpdates implements Step {
  readonly title = 'Turning automatic updates back on';
  readonly phase = 'shutdown' as const;

  async run(context: BuildContext): Promise<void> {
    if (!context.options.automaticUpdates) return;
    const session = context.session!;
    session.phase = 'turning automatic updates back on';
    if (!session.running) throw session.exitedError('before automatic updates were turned back on');
    const { sshCommandMs } = session.timings;
    let result: CommandResult | undefined;
    try {
      result = await waitWithin(
        context,
        session.runInGuest(RESTORE_AUTOMATIC_UPDATES_COMMAND, sshCommandMs),
        sshCommandMs,
        'turning automatic updates back on',
      );
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
      if (error instanceof BuildError) throw error; // cancelled, or out of time
      throw new BuildError(
        'guest-step-failed',
        `Could not turn automatic updates back on: SSH: ${(error as Error).message}`,
        { hint: HINT },
      );
    }
    if (result === undefined) {
      throw new BuildError(
        'guest-step-failed',
        `Could not turn automatic updates back on: no answer within ${sshCommandMs / 1000} s`,
        { hint: HINT },
      );
    }
    if (result.code !== 0) {
      const said = firstWords(result);
      throw new BuildError(
        'guest-step-failed',
        `Could not turn automatic updates back on: ${RESTORE_AUTOMATIC_UPDATES_COMMAND} exited with ${result.code}: ${said}`,
        { hint: HINT },
      );
    }
    context.logger.info('Automatic updates are on again in the image (the NoAutoUpdate policy is removed)');
  }
}
