/**
 * Removes the build's own files from the guest before the image is made: the provisioning scripts (which may
 * hold tokens), the Windows Update round script and its logs. A folder that stays fails the build: the image
 * must not ship them. Uses: session. Produces: a guest without C:\Windows\Temp\bake-windows-image.
 */
import { BuildError } from '../../errors.js';
import { psLiteral, testPathScript } from '../../guest/scripts.js';
import { powershellCommand } from '../../guest/ssh.js';
import { GUEST_WORK_DIR } from '../../guest/work-folder.js';
import type { BuildContext, Step } from '../context.js';
import { guestAction } from '../guest-login.js';

/** Deletes the folder and all in it; nothing when it is not there. */
export const REMOVE_WORK_DIR_SCRIPT = `Remove-Item -LiteralPath ${psLiteral(GUEST_WORK_DIR)} -Recurse -Force -ErrorAction SilentlyContinue`;

export class RemoveGuestWorkFolder implements Step {
  readonly title = "Removing the build's files from the guest";

  async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    const left = await guestAction(context, `removing ${GUEST_WORK_DIR}`, 'guest-step-failed', async () => {
      await session.runInGuest(powershellCommand(REMOVE_WORK_DIR_SCRIPT));
      return session.runInGuest(powershellCommand(testPathScript(GUEST_WORK_DIR)));
    });
    if (left.code !== 0 || left.stdout.trim() !== 'False') {
      throw new BuildError('guest-step-failed', `Could not remove ${GUEST_WORK_DIR} from the guest`, {
        hint: 'A provisioning script may still hold a file in it open (a service it started): stop it at the end of the script. The image would otherwise carry the scripts.',
      });
    }
    context.logger.info(`Removed ${GUEST_WORK_DIR} from the guest`);
  }
}
