/**
 * Windows Update rounds (notes/nightly-baseline.md, "Windows Update"): the round script rendered from
 * templates/windows-update.ps1.mustache, the scheduled task that runs it as SYSTEM (the update agent
 * refuses a remote session), where it writes, and the component cleanup after the last round.
 */
import Mustache from 'mustache';
import { BuildError } from '../errors.js';
import { readTemplate } from '../unattend/templates.js';
import { psLiteral, psSingleQuotedEscape } from './scripts.js';
import { powershellCommand } from './ssh.js';
import { GUEST_WORK_DIR } from './work-folder.js';

const SCRIPT_TEMPLATE = 'windows-update.ps1.mustache';

/** The round script's first line; the stand-in guest recognises the script by it. */
export const WINDOWS_UPDATE_HEADER = '# bake-windows-image: Windows Update round';

/** The round script in the guest. */
export const WINDOWS_UPDATE_SCRIPT_PATH = `${GUEST_WORK_DIR}\\windows-update.ps1`;
/** The round's own folder: progress, result and the round counter. */
export const WINDOWS_UPDATE_DIR = `${GUEST_WORK_DIR}\\windows-update`;
export const WINDOWS_UPDATE_PROGRESS_PATH = `${WINDOWS_UPDATE_DIR}\\progress.log`;
export const WINDOWS_UPDATE_RESULT_PATH = `${WINDOWS_UPDATE_DIR}\\result.json`;
export const WINDOWS_UPDATE_ROUNDS_PATH = `${WINDOWS_UPDATE_DIR}\\rounds.txt`;

/** The scheduled task's name. */
export const WINDOWS_UPDATE_TASK = 'bake-windows-image-update';

export interface WindowsUpdateFilters {
  /** KB numbers never installed, as `KB` and digits. */
  excludeKbs: readonly string[];
  /** PowerShell -like patterns of titles never installed (`*Preview*`). */
  excludeTitles: readonly string[];
  includeDrivers: boolean;
  includePreviews: boolean;
}

const KB = /^KB\d+$/;

function checkFilters(filters: WindowsUpdateFilters): void {
  for (const kb of filters.excludeKbs) {
    if (!KB.test(kb)) {
      throw new BuildError('invalid-option', `"${kb}" is not a KB number`, {
        hint: 'Name an update by its KB number: KB and digits, like KB5034441.',
      });
    }
  }
  for (const title of filters.excludeTitles) {
    if (title === '' || [...title].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
      throw new BuildError(
        'invalid-option',
        `The title pattern ${JSON.stringify(title)} is empty or has a control character`,
        {
          hint: 'A title pattern is one line of text, with * and ? as wildcards (PowerShell -like).',
        },
      );
    }
  }
}

/** `'a', 'b'` for `@(…)`: each value a single-quoted literal. */
function literalList(values: readonly string[]): string {
  return values.map(psLiteral).join(', ');
}

/** The round script for these filters. */
export function windowsUpdateScript(filters: WindowsUpdateFilters): string {
  checkFilters(filters);
  return Mustache.render(
    readTemplate(SCRIPT_TEMPLATE),
    {
      // Triple-stashed in the template: already single-quoted literals.
      excludeKbs: literalList(filters.excludeKbs),
      excludeTitles: literalList(filters.excludeTitles),
      includeDrivers: filters.includeDrivers ? 'true' : 'false',
      includePreviews: filters.includePreviews ? 'true' : 'false',
      workDir: WINDOWS_UPDATE_DIR,
      resultPath: WINDOWS_UPDATE_RESULT_PATH,
      progressPath: WINDOWS_UPDATE_PROGRESS_PATH,
      roundsPath: WINDOWS_UPDATE_ROUNDS_PATH,
    },
    {},
    { escape: psSingleQuotedEscape },
  );
}

/**
 * The round script as the file to upload: UTF-8 with a byte order mark, because Windows PowerShell 5.1
 * reads a .ps1 without one in the ANSI code page, which would garble a non-ASCII title pattern.
 */
export function windowsUpdateScriptFile(filters: WindowsUpdateFilters): Buffer {
  return Buffer.from('\uFEFF' + windowsUpdateScript(filters), 'utf8');
}

const PROGRESS_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} (.*)$/;

/**
 * The lines of progress.log not seen yet, as the build log shows them (`Windows Update: MESSAGE`), and how
 * many lines are seen now. The host reads the whole file on each poll; a line still being written (no line
 * end yet) waits for the next poll; a file shorter than before (a new round's log) starts over.
 */
export function newProgressLines(text: string, seen: number): { lines: string[]; seen: number } {
  const complete = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .slice(0, -1)
    .map((line) => line.replace(/\r$/, ''));
  const from = complete.length < seen ? 0 : seen;
  const lines = complete
    .slice(from)
    .map((line) => `Windows Update: ${PROGRESS_LINE.exec(line)?.[1] ?? line}`);
  return { lines, seen: complete.length };
}

/** Creates (or replaces) the task that runs the round script once as SYSTEM, elevated; a cmd.exe line. */
export const CREATE_UPDATE_TASK_COMMAND = `schtasks /Create /F /TN ${WINDOWS_UPDATE_TASK} /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ${WINDOWS_UPDATE_SCRIPT_PATH}"`;

/** Starts a round now. */
export const RUN_UPDATE_TASK_COMMAND = `schtasks /Run /TN ${WINDOWS_UPDATE_TASK}`;

/** Removes the task: at the end, also after a failure. */
export const DELETE_UPDATE_TASK_COMMAND = `schtasks /Delete /F /TN ${WINDOWS_UPDATE_TASK}`;

/** PowerShell: the last round's result goes before the next round starts (a missing one is fine). */
export const REMOVE_UPDATE_RESULT_SCRIPT = `Remove-Item -LiteralPath ${psLiteral(WINDOWS_UPDATE_RESULT_PATH)} -Force -ErrorAction SilentlyContinue`;

/** One command line that starts a round: the old result goes, the task is made and run. */
export const START_ROUND_COMMAND = `${powershellCommand(REMOVE_UPDATE_RESULT_SCRIPT)} & ${CREATE_UPDATE_TASK_COMMAND} && ${RUN_UPDATE_TASK_COMMAND}`;

/** The line between the progress log and the result in POLL_ROUND_SCRIPT's output. */
export const POLL_SEPARATOR = '--- bake-windows-image: result.json ---';

/**
 * One look at a running round, one login: the progress log, the separator, and the result once there is one
 * (UTF-8 both, written without a BOM: Windows PowerShell 5.1 would read them in the ANSI code page).
 */
export const POLL_ROUND_SCRIPT = [
  `Get-Content -Encoding UTF8 -LiteralPath ${psLiteral(WINDOWS_UPDATE_PROGRESS_PATH)} -ErrorAction SilentlyContinue`,
  `Write-Output ${psLiteral(POLL_SEPARATOR)}`,
  `Get-Content -Encoding UTF8 -LiteralPath ${psLiteral(WINDOWS_UPDATE_RESULT_PATH)} -ErrorAction SilentlyContinue`,
].join('\n');

/** POLL_ROUND_SCRIPT's output → the progress log's text and the result's (undefined while it is missing). Pure. */
export function splitPoll(stdout: string): { progress: string; result?: string } {
  const at = stdout.indexOf(POLL_SEPARATOR);
  if (at < 0) return { progress: stdout };
  const result = stdout.slice(at + POLL_SEPARATOR.length).trim();
  return { progress: stdout.slice(0, at), ...(result ? { result } : {}) };
}

/** Drops superseded components after the updates; /ResetBase also makes the installed ones permanent. */
export function componentCleanupCommand(resetBase: boolean): string {
  return `Dism.exe /Online /Cleanup-Image /StartComponentCleanup${resetBase ? ' /ResetBase' : ''}`;
}
