/**
 * Running a command as root through `sudo -n`, which fails at once instead of asking for a password (a
 * GitHub-hosted runner's user has passwordless sudo; elsewhere sudo refuses and the caller falls back or
 * names the fix). Programs are given by absolute path: sudo's secure_path would otherwise pick its own.
 */
import { spawn } from 'node:child_process';
import { childEnvironment } from './child-env.js';

export interface SudoCommand {
  argv: string[];
  /** Written to the command's stdin. */
  input?: string;
  /** What it does, for the log. */
  why: string;
}

/** `sudo -n program args…`. Pure. */
export function sudoArgv(sudo: string, ...argv: string[]): string[] {
  return [sudo, '-n', ...argv];
}

/** Whether sudo's own words say it refused (no passwordless rule), rather than the command failing. */
export function sudoRefused(output: string): boolean {
  return /password is required|not allowed|may not run|not in the sudoers/i.test(output);
}

/** Runs one command; its exit code (null: it did not start) and what it wrote on stderr. */
export function runSudo(
  command: SudoCommand,
  signal?: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command.argv[0]!, command.argv.slice(1), {
      env: childEnvironment(),
      stdio: ['pipe', 'ignore', 'pipe'],
      signal,
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.on('error', () => undefined); // a sudo that refuses exits before reading
    child.stdin.end(command.input ?? '');
  });
}

/** The command that failed in runSudoCommands: its exit code (null: it did not start) and its stderr. */
export interface SudoFailure {
  command: SudoCommand;
  code: number | null;
  output: string;
  /** sudo itself refused (no passwordless rule), rather than the command failing. */
  refused: boolean;
}

/** Runs `commands` in order, each said in `log` first; stops at the first that fails and returns it. */
export async function runSudoCommands(
  commands: readonly SudoCommand[],
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<SudoFailure | undefined> {
  for (const command of commands) {
    log(`${command.argv.join(' ')}: ${command.why}`);
    const { code, output } = await runSudo(command, signal);
    if (code !== 0) return { command, code, output, refused: sudoRefused(output) };
  }
  return undefined;
}
