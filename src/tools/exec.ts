/**
 * Runs external programs with argv arrays (never a shell string) and finds them on PATH.
 * Every program the build uses is named in PROGRAMS with the packages that provide it, so a missing
 * tool always comes with the install command that fixes it.
 */
import { spawn } from 'node:child_process';
import { childEnvironment } from './child-env.js';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';

export interface ProgramInfo {
  /** Executable name on PATH. */
  command: string;
  apt: string;
  dnf: string;
  /** An environment variable that may name the executable instead. */
  env: string;
}

export const PROGRAMS = {
  xorrisofs: { command: 'xorrisofs', apt: 'xorriso', dnf: 'xorriso', env: 'BAKE_XORRISOFS' },
  qemuImg: { command: 'qemu-img', apt: 'qemu-utils', dnf: 'qemu-img', env: 'BAKE_QEMU_IMG' },
  qemuSystem: {
    command: 'qemu-system-x86_64',
    apt: 'qemu-system-x86',
    dnf: 'qemu-system-x86-core',
    env: 'BAKE_QEMU_SYSTEM',
  },
  swtpm: { command: 'swtpm', apt: 'swtpm swtpm-tools', dnf: 'swtpm swtpm-tools', env: 'BAKE_SWTPM' },
} as const satisfies Record<string, ProgramInfo>;

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of a command found on PATH, or undefined. */
export function findOnPath(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/')) return isExecutableFile(command) ? path.resolve(command) : undefined;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function installHint(programs: readonly ProgramInfo[]): string {
  const apt = [...new Set(programs.map((p) => p.apt))].join(' ');
  const dnf = [...new Set(programs.map((p) => p.dnf))].join(' ');
  return `Install it: sudo apt-get install -y ${apt}  (Fedora/RHEL: sudo dnf install -y ${dnf})`;
}

/** The executable for a program, or a tool-missing BuildError that says how to install it. */
export function requireProgram(program: ProgramInfo): string {
  const override = process.env[program.env];
  const found = findOnPath(override || program.command);
  if (found) return found;
  throw new BuildError(
    'tool-missing',
    override
      ? `${program.env}=${override} is not an executable file`
      : `${program.command} was not found on PATH`,
    { hint: installHint([program]) },
  );
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** Text that must never appear in an error message (e.g. the password). */
  secrets?: readonly string[];
}

/** Runs a program to completion; a non-zero exit becomes a tool-failed BuildError with its stderr. */
export function run(
  executable: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      cwd: options.cwd,
      env: childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') {
        reject(
          new BuildError('cancelled', `${path.basename(executable)} was stopped: the build was cancelled`),
        );
      } else {
        reject(
          new BuildError('tool-failed', `Could not start ${executable}: ${error.message}`, {
            hint: 'Check that the program is installed and executable.',
            cause: error,
          }),
        );
      }
    });
    child.on('close', (code, signal) => {
      const result = { stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
      if (code === 0) {
        resolve(result);
        return;
      }
      let detail = result.stderr.trim() || result.stdout.trim() || '(no output)';
      for (const secret of options.secrets ?? []) detail = detail.split(secret).join('***');
      const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(
        new BuildError('tool-failed', `${path.basename(executable)} ${how}: ${lastLines(detail, 15)}`, {
          hint: `The command was: ${[executable, ...args].join(' ')}`,
        }),
      );
    });
  });
}

export function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  return lines.slice(Math.max(0, lines.length - count)).join('\n');
}
