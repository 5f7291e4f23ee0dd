/**
 * --generalize, in place of ShutDown: prepares the guest for cloning and lets sysprep power it off. Removes
 * the Appx packages that stop sysprep, writes the clones' answer file and SetupComplete.cmd over SSH standard
 * input (the answer file holds the password: never on a command line), forgets sshd's host keys and runs
 * sysprep /generalize /oobe /shutdown and waits for QEMU to exit. A guest that is still running after the sysprep budget did not
 * generalize: its setuperr.log goes into the error.
 * Uses: session, timings, os, uiLanguage, readyAt. Produces: a VM that has exited, its disk generalized.
 */
import { BuildError } from '../../errors.js';
import { powershellCommand, sshAuthError, SshError, type CommandResult } from '../../guest/ssh.js';
import {
  APPX_CLEANUP_SCRIPT,
  readFileScript,
  SYSPREP_ERROR_LOG,
  finalSysprepCommand,
  writeFileFromStdinScript,
} from '../../guest/scripts.js';
import { formatDuration } from '../../log.js';
import {
  CLONE_ANSWER_FILE,
  renderCloneAnswerFile,
  SETUP_COMPLETE_FILE,
  setupCompleteCmd,
} from '../../unattend/clone-answer-file.js';
import type { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { waitWithin } from '../deadline.js';

export class Generalize implements Step {
  readonly title = 'Generalizing (sysprep)';
  readonly phase = 'shutdown' as const;

  async run(context: BuildContext): Promise<void> {
    const { options, logger } = context;
    const session = context.session!;
    session.phase = 'generalizing';
    if (!session.running) throw session.exitedError('before sysprep');

    const appx = await this.guest(context, powershellCommand(APPX_CLEANUP_SCRIPT), 'removing Appx packages');
    const said = lastLine(appx.stdout);
    if (appx.code === 0) logger.info(`guest: ${said ?? 'Appx packages checked'}`);
    else
      logger.warn(`Removing per-user Appx packages failed (${failure(appx)}); sysprep may refuse the image`);

    const answer = renderCloneAnswerFile({
      username: options.username,
      password: options.password,
      os: context.os!,
      timezone: options.timezone,
      locale: options.locale,
      uiLanguage: context.uiLanguage,
    });
    await this.upload(context, CLONE_ANSWER_FILE, answer);
    await this.upload(context, SETUP_COMPLETE_FILE, setupCompleteCmd());
    logger.info(
      `Clones' answer file at ${CLONE_ANSWER_FILE}; ${SETUP_COMPLETE_FILE} deletes it at their first boot`,
    );

    const asked = Date.now();
    const exited = session.qemu.exited.then(() => true);
    // sysprep shuts the guest down under the SSH session: whatever the session says, QEMU exiting decides.
    const sysprep = session
      .runInGuest(finalSysprepCommand(CLONE_ANSWER_FILE), session.timings.sysprepMs)
      .then(
        (result) => result,
        (error: unknown) => error as Error,
      );
    const done = await waitWithin(context, exited, session.timings.sysprepMs, 'waiting for sysprep');
    if (!done) await this.fail(context, session, await Promise.race([sysprep, Promise.resolve(undefined)]));
    const readyAt = context.readyAt ?? asked;
    logger.info(
      `sysprep generalized the guest and powered it off in ${formatDuration(Date.now() - asked)} (${formatDuration(Date.now() - readyAt)} after ready)`,
    );
  }

  /** One command in the guest; a refused password is final, other SSH failures are the step's failure. */
  private async guest(
    context: BuildContext,
    command: string,
    what: string,
    stdin?: string,
  ): Promise<CommandResult> {
    const session = context.session!;
    const ms = session.timings.sshCommandMs * 4;
    try {
      const result = await waitWithin(context, session.runInGuest(command, ms, stdin), ms, what);
      if (result) return result;
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw sshAuthError(error);
      if (error instanceof BuildError) throw error;
      throw stepFailed(`${what}: SSH: ${(error as Error).message}`);
    }
    throw stepFailed(`${what}: no answer within ${Math.round(ms / 1000)} s`);
  }

  private async upload(context: BuildContext, file: string, text: string): Promise<void> {
    const stdin = Buffer.from(text, 'utf8').toString('base64');
    const result = await this.guest(
      context,
      powershellCommand(writeFileFromStdinScript(file)),
      `writing ${file}`,
      stdin,
    );
    if (result.code !== 0) throw stepFailed(`writing ${file} failed: ${failure(result)}`);
  }

  /** The guest is still running after the sysprep budget: say why, from sysprep's own log. */
  private async fail(
    context: BuildContext,
    session: VmSession,
    sysprep: CommandResult | Error | undefined,
  ): Promise<never> {
    let log = '';
    try {
      const read = await session.runInGuest(
        readFileScript(SYSPREP_ERROR_LOG),
        session.timings.guestLogFetchMs,
      );
      if (read.code === 0) log = read.stdout.trim().split(/\r?\n/).slice(-10).join('\n  ');
    } catch {
      // The log is a bonus; the error below stands without it.
    }
    const answered =
      sysprep === undefined
        ? 'the sysprep command had not returned'
        : sysprep instanceof Error
          ? `the sysprep command ended with: ${sysprep.message}`
          : `the sysprep command exited with code ${String(sysprep.code)}`;
    context.logger.debug(`sysprep: ${answered}`);
    throw new BuildError(
      'guest-step-failed',
      `sysprep did not power the guest off within ${session.timings.sysprepMs / 1000} s (${answered}).${log ? `\n${SYSPREP_ERROR_LOG}:\n  ${log}` : ''}\n${session.serialTail()}`,
      {
        hint: `Read ${SYSPREP_ERROR_LOG} in the guest (--keep-work-dir keeps the disk). A package "installed for a user, but not provisioned for all users" is the usual cause on Windows 10/11; without --generalize the image is made as usual.`,
      },
    );
  }
}

function stepFailed(message: string): BuildError {
  return new BuildError('guest-step-failed', `Preparing the guest for sysprep: ${message}`, {
    hint: 'Rerun with --keep-work-dir to look at the disk, or bake without --generalize.',
  });
}

function failure(result: CommandResult): string {
  // PowerShell's error record starts with the message; the lines after it say where.
  const said = lines(result.stderr)[0] ?? lastLine(result.stdout) ?? '(no output)';
  return `exit code ${String(result.code)}: ${said}`;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function lastLine(text: string): string | undefined {
  return lines(text).at(-1);
}
