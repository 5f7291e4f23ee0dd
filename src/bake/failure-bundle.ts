/**
 * The failure bundle: a build that fails after QEMU started leaves `<output>.failure/` beside the output, with
 * everything needed to see why without running it again (README.txt in it names each file). Written before
 * the cleanups stop QEMU, so the guest's own logs can still be fetched over SSH; every part is bounded in
 * time, and the password is masked in every file (all its forms, see unattend/secret-forms.ts).
 * Uses: session, output, workDir, timeline (when there is one). Produces: the bundle directory.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { BuildError } from '../errors.js';
import { SshError } from '../guest/ssh.js';
import { powershellCommand } from '../guest/ssh.js';
import { readFileTailScript, WINDOWS_SETUP_LOGS } from '../guest/scripts.js';
import { WINDOWS_UPDATE_PROGRESS_PATH, WINDOWS_UPDATE_RESULT_PATH } from '../guest/windows-update.js';
import { formatCommand } from '../tools/qemu.js';
import { ANSWER_FILE_NAME, FIRST_LOGON_SCRIPT_NAME } from '../unattend/answer-file.js';
import {
  FIRST_LOGON_LOG_PATH,
  GUEST_FAILURE_PREFIX,
  GUEST_PROGRESS_PREFIX,
} from '../unattend/guest-contract.js';
import { maskSecretForms, secretForms } from '../unattend/secret-forms.js';
import type { BuildContext } from './context.js';
import { hostFacts } from './host-facts.js';
import { partialPath, partialSuffix } from './partials.js';

export interface FailureBundle {
  /** The bundle's directory, `<output>.failure`. */
  dir: string;
  /** The last screenshot, inside the bundle. */
  lastScreenshot?: string;
  /** The files written, relative to dir. */
  files: string[];
}

/** What failure.json holds: the facts a summary shows without reading the other files. */
export interface FailureFacts {
  code: string;
  message: string;
  hint?: string;
  /** What the build was doing with the VM (e.g. "Windows Setup (1 reboot so far)"). */
  phase: string;
  elapsed: string;
  reboots: number;
  /** The last lines of the serial console. */
  serialTail: string[];
  /** The first-logon script's last progress line (or its failure line), when it ran. */
  guestLastStep?: string;
  /** Guest logs fetched over SSH; what could not be, and why. */
  guestLogs: { file: string; fetched: boolean; detail: string }[];
}

/** All the SSH fetches of one bundle together; the VM may be gone or hung. */
const GUEST_LOG_BUDGET_MS = 60_000;
/** Guest logs: the last lines of each, at most this many bytes. */
const GUEST_LOG_LINES = 2000;
const MAX_TEXT_BYTES = 1024 * 1024;

/** `<output>.failure`: beside the output, never inside it. Pure. */
export function bundleDir(output: string): string {
  return `${output}.failure`;
}

/** The last `bytes` of a text (a long log keeps its end, where the failure is). Pure. */
function tailBytes(text: string, bytes = MAX_TEXT_BYTES): string {
  const buffer = Buffer.from(text, 'utf8');
  return buffer.length <= bytes ? text : buffer.subarray(buffer.length - bytes).toString('utf8');
}

/** The first-logon script's last step, from the serial console's text. Pure. */
export function lastGuestStep(serial: string): string | undefined {
  let last: string | undefined;
  for (const line of serial.split(/\r?\n/)) {
    for (const prefix of [GUEST_FAILURE_PREFIX, GUEST_PROGRESS_PREFIX]) {
      const at = line.indexOf(prefix);
      if (at >= 0) {
        last = line.slice(at + prefix.length).trim();
        break;
      }
    }
  }
  return last;
}

function readOr(file: string | undefined, fallback: string): string {
  if (!file) return fallback;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return `${fallback} (${(error as Error).message})`;
  }
}

/**
 * The guest's logs over SSH, each bounded; the first attempt that cannot log in or connect ends the rest
 * (they would fail the same way).
 */
async function fetchGuestLogs(
  context: BuildContext,
  write: (name: string, text: string) => void,
): Promise<FailureFacts['guestLogs']> {
  const session = context.session!;
  const wanted = [
    ...WINDOWS_SETUP_LOGS,
    { path: FIRST_LOGON_LOG_PATH, name: 'first-logon.log' },
    // Windows Update's rounds: what the task did last, and its result (when a round finished).
    ...(context.options.windowsUpdate
      ? [
          { path: WINDOWS_UPDATE_PROGRESS_PATH, name: 'windows-update-progress.log' },
          { path: WINDOWS_UPDATE_RESULT_PATH, name: 'windows-update-result.json' },
        ]
      : []),
  ];
  const results: FailureFacts['guestLogs'] = [];
  let giveUp: string | undefined = !session.running
    ? `QEMU had exited (${session.qemu.describeExit()})`
    : context.signal.aborted
      ? 'the build was cancelled'
      : undefined;
  const deadline = Date.now() + GUEST_LOG_BUDGET_MS;
  for (const log of wanted) {
    const remaining = deadline - Date.now();
    if (!giveUp && remaining <= 0) giveUp = `the ${GUEST_LOG_BUDGET_MS / 1000} s for guest logs ran out`;
    if (giveUp) {
      results.push({ file: log.path, fetched: false, detail: giveUp });
      continue;
    }
    try {
      const result = await session.runInGuest(
        powershellCommand(readFileTailScript(log.path, GUEST_LOG_LINES)),
        Math.min(remaining, session.timings.guestLogFetchMs),
      );
      if (result.code !== 0) {
        const why = result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
        results.push({ file: log.path, fetched: false, detail: `the guest could not read it: ${why}` });
        continue;
      }
      write(`guest-logs/${log.name}`, result.stdout);
      results.push({ file: log.path, fetched: true, detail: `guest-logs/${log.name}` });
    } catch (error) {
      const kind = error instanceof SshError ? error.kind : 'unreachable';
      const why = `SSH ${kind === 'auth' ? 'refused the login' : 'did not answer'}: ${(error as Error).message}`;
      results.push({ file: log.path, fetched: false, detail: why });
      giveUp = why;
    }
  }
  return results;
}

const README = `A failed bake-windows-image build: what it saw, with the password replaced by ********.

failure.json             the error, the phase, elapsed time, reboots, the last serial lines, the guest's
                         last step, and which guest logs were fetched
timeline.json            the build's phases with their start and end times (when recorded)
screens/                 screenshots of the VM's screen, oldest first; the last one shows it at the failure
serial.log               the guest's serial console (COM1): firmware, the first-logon script's progress
qemu-stderr.txt          what QEMU wrote to stderr (its last 16 KiB)
qemu-command.txt         QEMU's command line
host.json                the host: QEMU/OVMF/swtpm versions, accelerator, CPU and its virtualisation
                         flags, free memory and disk, kernel
autounattend.xml         the answer file the build gave Windows Setup
first-logon.ps1          the script Windows ran at the first logon
guest-logs.txt           which guest logs were fetched over SSH, and why the others were not
guest-logs/              the guest's logs: Windows Setup's Panther\\setupact.log and setuperr.log,
                         Panther\\UnattendGC\\setupact.log (oobeSystem), the first-logon script's log,
                         with --windows-update the last round's progress log and result
`;

/**
 * Writes the bundle for `error`; replaces one an earlier failed build of the same output left. Undefined when
 * the build never started QEMU (nothing to show that the error does not say).
 */
export async function writeFailureBundle(
  context: BuildContext,
  error: BuildError,
): Promise<FailureBundle | undefined> {
  const session = context.session;
  if (!session || !context.output) return undefined;
  const forms = secretForms(context.options.password);
  const dir = bundleDir(context.output);
  const partial = partialPath(dir, partialSuffix());
  const files: string[] = [];
  /** Writes one text file, masked; how many times the password was in it. */
  const write = (name: string, text: string): number => {
    const { text: masked, masked: count } = maskSecretForms(text, forms);
    mkdirSync(path.dirname(path.join(partial, name)), { recursive: true });
    writeFileSync(path.join(partial, name), masked);
    files.push(name);
    return count;
  };
  mkdirSync(partial, { recursive: true });
  try {
    // First the screen as it is now, while QEMU still runs.
    await session.screens?.capture('failure');
    let lastScreenshot: string | undefined;
    for (const png of session.screens?.files() ?? []) {
      const name = `screens/${path.basename(png)}`;
      mkdirSync(path.join(partial, 'screens'), { recursive: true });
      copyFileSync(png, path.join(partial, name));
      files.push(name);
      lastScreenshot = name;
    }
    session.serial.readNew();
    const serial = tailBytes(readOr(session.spec.serialLog, ''));
    write('serial.log', serial);
    write('qemu-stderr.txt', session.qemu.stderrText());
    // The command line never holds the password: masked all the same, and said out loud if it did.
    if (write('qemu-command.txt', `${formatCommand([...session.commandLine])}\n`) > 0)
      context.logger.warn("QEMU's command line held the password (masked in the failure bundle): a bug");
    const timeline = context.timeline?.toJSON();
    if (timeline !== undefined) write('timeline.json', `${JSON.stringify(timeline, null, 2)}\n`);
    if (context.workDir) {
      for (const name of [ANSWER_FILE_NAME, FIRST_LOGON_SCRIPT_NAME]) {
        const file = path.join(context.workDir, name);
        if (existsSync(file)) write(name, readOr(file, ''));
      }
    }
    write('host.json', `${JSON.stringify(await hostFacts(context), null, 2)}\n`);
    const guestLogs = await fetchGuestLogs(context, (name, text) => void write(name, tailBytes(text)));
    write(
      'guest-logs.txt',
      guestLogs
        .map(
          (log) => `${log.file}: ${log.fetched ? `fetched → ${log.detail}` : `not fetched: ${log.detail}`}`,
        )
        .join('\n') + '\n',
    );
    const facts: FailureFacts = {
      code: error.code,
      message: error.message,
      hint: error.hint,
      phase: session.phase,
      elapsed: session.elapsed(),
      reboots: session.reboots,
      serialTail: session.serial.tail(15),
      guestLastStep: lastGuestStep(serial),
      guestLogs,
    };
    write('failure.json', `${JSON.stringify(facts, null, 2)}\n`);
    write('README.txt', README);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return {
      dir,
      lastScreenshot: lastScreenshot && path.join(dir, lastScreenshot),
      files: files.sort(),
    };
  } catch (failure) {
    rmSync(partial, { recursive: true, force: true });
    throw failure;
  }
}
