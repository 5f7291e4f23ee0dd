/**
 * Lets Windows Setup run, rebooting as often as it needs, until the guest is ready (see vm/readiness.ts).
 * Uses: session, timings, the build's deadline and cancellation. Produces: readyAt. The phases on the way
 * (Setup, OOBE, first logon, SSH) are the PhaseTracker's, started with the VM (vm-progress.ts).
 * Fails at once when QEMU exits, and at the deadline with what was seen (phase, reboots, keys, serial tail).
 * A cached base (a hit) is installed already: it is ready once it takes an SSH login.
 */
import { powershellCommand } from '../../guest/ssh.js';
import { readFileScript, testPathScript } from '../../guest/scripts.js';
import {
  FIRST_LOGON_LOG_PATH,
  GUEST_PROGRESS_PREFIX,
  READY_MARKER_PATH,
} from '../../unattend/guest-contract.js';
import { ReadinessWatcher } from '../../vm/readiness.js';
import type { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { cancelledError, remainingMs, timeoutError } from '../deadline.js';
import { waitForLogin } from '../guest-login.js';
import { bootsBase } from './vm-plan.js';

export class WaitUntilReady implements Step {
  readonly title = 'Installing Windows';

  async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    if (bootsBase(context)) {
      // A cached base ran its first logon when it was installed: ready is an SSH login on its first boot.
      context.timeline.advance('ssh');
      await waitForLogin(context, session, 'on the first boot of the base');
      context.readyAt = Date.now();
      return;
    }
    const { timings } = session;
    const firmware = session.spec.firmware;
    const secureBoot = firmware.type === 'uefi' && firmware.secureBoot;
    const watcher = new ReadinessWatcher({
      timings,
      markerPresent: async () => {
        const result = await session.runInGuest(powershellCommand(testPathScript(READY_MARKER_PATH)));
        return result.code === 0 && result.stdout.trim() === 'True';
      },
      fetchGuestLog: async () => {
        const result = await session.runInGuest(
          powershellCommand(readFileScript(FIRST_LOGON_LOG_PATH)),
          timings.guestLogFetchMs,
        );
        if (result.code !== 0) throw new Error(result.stderr.trim() || `exit code ${result.code}`);
        return result.stdout;
      },
      installerMustBoot: () => secureBoot && session.reboots === 0,
      info: (message) => context.logger.info(`${message} at ${session.elapsed()}`),
      debug: (message) => context.logger.debug(message),
      username: session.ssh.username,
    });

    const onLine = (line: string): void => {
      // The first-logon script reports each of its steps on COM1.
      const progress = line.indexOf(GUEST_PROGRESS_PREFIX);
      if (progress >= 0) context.logger.info(`guest: ${line.slice(progress + GUEST_PROGRESS_PREFIX.length)}`);
      watcher.onLine(line);
    };
    const onAbort = (): void => watcher.fail(cancelledError(context.signal));
    const deadline = setTimeout(
      () => watcher.fail(timeoutError(context, session.phase, this.seen(session))),
      remainingMs(context),
    );
    session.serial.on('line', onLine);
    context.signal.addEventListener('abort', onAbort, { once: true });
    if (context.signal.aborted) onAbort();
    void session.qemu.exited.then(() => watcher.fail(session.exitedError('before the guest was ready')));
    try {
      context.readyAt = await watcher.result;
    } finally {
      clearTimeout(deadline);
      watcher.stop();
      session.serial.off('line', onLine);
      context.signal.removeEventListener('abort', onAbort);
    }
    context.logger.info(`Guest ready after ${session.elapsed()} (${session.reboots} reboots)`);
  }

  /** What a timeout message adds: reboots, whether a key was pressed, the serial tail. */
  private seen(session: VmSession): string {
    const keys = session.keysSent ? '' : ', no key pressed at the boot prompt';
    return ` (${session.reboots} reboots seen${keys}).\n${session.serialTail()}`;
  }
}
