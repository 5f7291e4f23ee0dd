/**
 * --upload and --provision: the uploads go into the guest over SFTP, then each script is copied to the guest's
 * work folder and run through the wrapper (notes/nightly-baseline.md, "Provisioning"), its output streamed
 * into the build log. Exit code 3010 or 1641 restarts the guest before the next script; any other non-zero
 * code fails the build with the script's last lines. Uses: session, options, os, base, buildId, deadline.
 * Produces: a provisioned guest, logged in.
 */
import path from 'node:path';
import { BuildError } from '../../errors.js';
import {
  guestScriptName,
  guestScriptPath,
  provisionCommand,
  provisionLogLine,
  provisionOutcome,
  scriptKind,
} from '../../guest/provision.js';
import { plainStderrLines } from '../../guest/clixml.js';
import { uploadToGuest, type GuestUpload } from '../../guest/sftp.js';
import { formatBytes, formatDuration } from '../../log.js';
import type { BuildContext, Step } from '../context.js';
import { remainingMs } from '../deadline.js';
import { guestAction, rebootGuest } from '../guest-login.js';
import { parseUpload, scriptEnvironment } from '../baseline-inputs.js';

/** Lines of a failed script's output the error repeats. */
const LAST_LINES = 15;

export class Provision implements Step {
  readonly title = 'Provisioning';
  readonly phase = 'provisioning' as const;

  async run(context: BuildContext): Promise<void> {
    const { options } = context;
    const session = context.session!;
    const uploads: GuestUpload[] = options.upload.map((spec) => {
      const { source, destination } = parseUpload(spec);
      return { source: path.resolve(source), destination };
    });
    const scripts = options.provision.map((file, index) => ({
      local: path.resolve(file),
      kind: scriptKind(file),
      name: guestScriptName(index + 1, file),
    }));
    const copies: GuestUpload[] = scripts.map((script) => ({
      source: script.local,
      destination: guestScriptPath(script.name),
    }));
    const started = Date.now();
    const results = await guestAction(context, 'uploading files to the guest', 'provision-failed', () =>
      uploadToGuest(session.ssh, [...uploads, ...copies], remainingMs(context)),
    );
    for (const result of results.slice(0, uploads.length)) {
      context.logger.info(
        `Uploaded ${result.source} to ${result.guestPath} (${result.files} files, ${formatBytes(result.bytes)})`,
      );
    }
    for (const script of scripts) {
      await this.runScript(
        context,
        script.name,
        provisionCommand({
          script: guestScriptPath(script.name),
          kind: script.kind,
          env: scriptEnvironment(context, script.name),
        }),
      );
    }
    context.logger.info(
      `Provisioning done in ${formatDuration(Date.now() - started)} (${uploads.length} uploads, ${scripts.length} scripts)`,
    );
  }

  private async runScript(context: BuildContext, name: string, command: string): Promise<void> {
    const session = context.session!;
    const tail: string[] = [];
    const keep = (line: string): void => {
      tail.push(line);
      if (tail.length > LAST_LINES) tail.shift();
    };
    context.logger.info(`Running ${name}`);
    const started = Date.now();
    const rebootsBefore = session.reboots;
    const result = await guestAction(context, `running ${name}`, 'provision-failed', () =>
      session.runInGuest(command, remainingMs(context), {
        onStdoutLine: (line) => {
          keep(line);
          context.logger.info(provisionLogLine(name, line));
        },
        // Windows PowerShell writes its errors to stderr as CLIXML: their text is what a reader wants.
        onStderrLine: (raw) => {
          for (const line of plainStderrLines(raw)) {
            keep(line);
            context.logger.warn(provisionLogLine(name, line));
          }
        },
      }),
    );
    const outcome = provisionOutcome(result.code);
    const took = formatDuration(Date.now() - started);
    if (outcome === 'ok') {
      context.logger.info(`${name} done in ${took}`);
      return;
    }
    if (outcome === 'reboot') {
      context.logger.info(`${name} done in ${took}, exit code ${result.code}: the guest restarts`);
      await rebootGuest(context, session, `${name} asked for it`, rebootsBefore);
      return;
    }
    const code =
      result.code === null ? 'without an exit code (the session ended)' : `with exit code ${result.code}`;
    throw new BuildError(
      'provision-failed',
      `The provisioning script ${name} failed ${code}. Its last lines:\n  ${tail.join('\n  ') || '(no output)'}`,
      {
        hint:
          result.code === null
            ? 'A script that restarts the guest itself ends the session: exit with 3010 instead and the build restarts it.'
            : 'Fix the script (it runs as the image account, over SSH, with the BAKE_IMAGE_* variables; see the README, "Nightly baseline"); exit code 3010 asks for a restart.',
      },
    );
  }
}
