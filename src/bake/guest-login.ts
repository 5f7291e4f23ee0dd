/**
 * The guest after it is ready: logging in again once it has rebooted (after updates, after a provisioning
 * script, on a cached base's first boot), asking it to reboot, and powering it off while QEMU holds the VM
 * (for the base cache: the disk is complete, QEMU is still there to boot it again).
 */
import { BuildError, type ErrorCode } from '../errors.js';
import { REBOOT_COMMAND, SHUTDOWN_COMMAND } from '../guest/scripts.js';
import { sshAuthError, SshError } from '../guest/ssh.js';
import { formatDuration } from '../log.js';
import type { VmSession } from '../vm/session.js';
import type { BuildContext } from './context.js';
import { pause, remainingMs, waitWithin } from './deadline.js';

/**
 * Tries an SSH login until one works: the guest is up again. A refused password is final; QEMU exiting
 * fails at once; the wait is bounded by `timings.loginAfterBootMs`, the deadline and cancellation.
 */
export async function waitForLogin(context: BuildContext, session: VmSession, why: string): Promise<void> {
  const { timings } = session;
  const started = Date.now();
  const limit = started + timings.loginAfterBootMs;
  let last = '';
  for (;;) {
    if (!session.running) throw session.exitedError(`while waiting for an SSH login ${why}`);
    try {
      const result = await session.runInGuest('hostname', timings.sshCommandMs);
      if (result.code === 0) break;
      last = `hostname exited with ${result.code}`;
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
      last = (error as Error).message;
    }
    if (Date.now() >= limit) {
      throw new BuildError(
        'ssh-unreachable',
        `No SSH login ${why} within ${formatDuration(timings.loginAfterBootMs)} (last: ${last}).\n${session.serialTail()}`,
        {
          hint: 'The guest did not come back up, or sshd did not start: see the last screenshot in the failure bundle.',
        },
      );
    }
    await pause(context, timings.loginRetryMs, `waiting for SSH ${why}`);
  }
  context.logger.info(`Logged in ${why} after ${formatDuration(Date.now() - started)}`);
}

/**
 * Restarts the guest and waits until it takes an SSH login again. `rebootsBefore`: the reboot count before
 * whatever asked for the restart ran (a script exiting 1641 has started it already): a restart seen since
 * then is not asked for again.
 */
export async function rebootGuest(
  context: BuildContext,
  session: VmSession,
  why: string,
  rebootsBefore = session.reboots,
): Promise<void> {
  const { timings } = session;
  context.logger.info(`Restarting the guest (${why})`);
  if (session.reboots === rebootsBefore) {
    await askGuest(context, session, REBOOT_COMMAND, 'asking the guest to restart');
  }
  let onReboot: (() => void) | undefined;
  const rebooted = new Promise<boolean>((resolve) => {
    onReboot = () => resolve(true);
    session.on('reboot', onReboot);
    if (session.reboots !== rebootsBefore) resolve(true);
  });
  try {
    const seen = await waitWithin(
      context,
      Promise.race([rebooted, session.qemu.exited.then(() => false)]),
      timings.rebootMs,
      `waiting for the guest to restart (${why})`,
    );
    if (seen === false) throw session.exitedError(`while the guest restarted (${why})`);
    if (seen === undefined) {
      throw new BuildError(
        'vm-failed',
        `The guest did not restart within ${formatDuration(timings.rebootMs)} of the request (${why}).\n${session.serialTail()}`,
        {
          hint: 'Something in the guest holds up the restart: see the last screenshot in the failure bundle.',
        },
      );
    }
  } finally {
    session.off('reboot', onReboot!);
  }
  await waitForLogin(context, session, `after the restart (${why})`);
}

/**
 * Powers the guest off once holdAtPowerOff has set QEMU's shutdown action to pause: the guest shuts Windows
 * down cleanly, QEMU flushes the disk and halts instead of exiting. `resumeFromPowerOff` boots it again in the same QEMU.
 */
export async function powerOffAndHold(context: BuildContext, session: VmSession): Promise<void> {
  const { timings } = session;
  const halted = new Promise<void>((resolve) => {
    const onEvent = (event: { event: string }): void => {
      if (event.event !== 'SHUTDOWN') return;
      session.qmp.off('event', onEvent);
      resolve();
    };
    session.qmp.on('event', onEvent);
  });
  await askGuest(context, session, SHUTDOWN_COMMAND, 'asking the guest to power off');
  const seen = await waitWithin(
    context,
    Promise.race([halted.then(() => true), session.qemu.exited.then(() => false)]),
    timings.powerOffMs,
    'waiting for the guest to power off',
  );
  if (seen === false) throw session.exitedError('while the guest powered off for the base');
  if (seen === undefined) {
    throw new BuildError(
      'vm-failed',
      `The guest did not power off within ${formatDuration(timings.powerOffMs)} of the request.\n${session.serialTail()}`,
      { hint: 'Something in the guest blocks shutdown: see the last screenshot in the failure bundle.' },
    );
  }
  // The guest is off and QEMU has flushed its caches: the disk file is complete until QEMU runs it again.
  const status = (await session.qmp.execute('query-status')) as { status?: string };
  if (status.status !== 'shutdown') {
    throw new BuildError('vm-failed', `QEMU reports "${status.status}" after the guest powered off`, {
      hint: 'The VM should have halted at power-off (QMP set-action shutdown=pause, QEMU ≥ 6.0).',
    });
  }
}

/**
 * Makes QEMU halt the VM at the guest's power-off instead of exiting (QMP set-action, QEMU ≥ 6.0); false when
 * this QEMU cannot (the power-off would end the VM).
 */
export async function holdAtPowerOff(session: VmSession): Promise<boolean> {
  try {
    await session.qmp.execute('set-action', { shutdown: 'pause' });
    return true;
  } catch {
    return false;
  }
}

/** Boots the halted VM again (a reset, then run) and restores the normal power-off (QEMU exits). */
export async function resumeFromPowerOff(session: VmSession): Promise<void> {
  await session.qmp.execute('set-action', { shutdown: 'poweroff' });
  await session.qmp.execute('system_reset');
  await session.qmp.execute('cont');
}

/** Runs a command that takes the guest down: the session dropping is the expected end. */
async function askGuest(
  context: BuildContext,
  session: VmSession,
  command: string,
  what: string,
): Promise<void> {
  const { timings } = session;
  try {
    const result = await waitWithin(
      context,
      session.runInGuest(command, timings.shutdownCommandMs),
      timings.shutdownCommandMs,
      what,
    );
    // 1115/1190: a shutdown is under way or scheduled already (a script that restarts by itself): fine.
    if (result && result.code !== null && ![0, 1115, 1190].includes(result.code)) {
      throw new BuildError('vm-failed', `${command} exited with ${result.code}: ${result.stderr.trim()}`, {
        hint: 'The guest refused to shut down or restart; see the failure bundle.',
      });
    }
  } catch (error) {
    if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
    if (error instanceof BuildError) throw error;
    context.logger.debug(`${command} ended with: ${(error as Error).message}`);
  }
}

/**
 * An SSH action of a step after ready, bounded by the deadline and cancellation: a refused password is final,
 * a guest that went away names what was under way, anything else is a BuildError of `code`.
 */
export async function guestAction<T>(
  context: BuildContext,
  what: string,
  code: ErrorCode,
  action: () => Promise<T>,
): Promise<T> {
  const session = context.session!;
  try {
    return (await waitWithin(context, action(), remainingMs(context) + 1, what)) as T;
  } catch (error) {
    if (error instanceof BuildError) throw error;
    if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
    if (!session.running) throw session.exitedError(`while ${what}`);
    throw new BuildError(code, `Failed while ${what}: ${(error as Error).message}`, {
      hint: 'The guest stopped answering over SSH, or refused the operation; see the failure bundle.',
    });
  }
}
