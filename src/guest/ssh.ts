/**
 * The guest over SSH (ssh2): log in with the answer file's account and run commands. Windows' sshd runs
 * exec requests through cmd.exe; PowerShell goes through -EncodedCommand so no quoting can break it.
 */
import { StringDecoder } from 'node:string_decoder';
import ssh2 from 'ssh2';
import { BuildError } from '../errors.js';
import { plainStderr } from './clixml.js';

const { Client } = ssh2;

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  /**
   * A private key (OpenSSH or PEM text) tried before the password. The guest is always reached with the
   * password; the tests use a key to log in to an unprivileged sshd, which cannot check passwords.
   */
  privateKey?: string;
}

export interface CommandResult {
  /** The exit code; null when the session ended without one (e.g. the guest shut down under it). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type SshFailureKind = 'auth' | 'unreachable' | 'dropped';

/** Why an SSH attempt failed: `auth` is final, the others mean "not up yet" or "went away". */
export class SshError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

/** `powershell … -EncodedCommand <base64 of UTF-16LE>`: the script reaches PowerShell byte for byte. */
export function powershellCommand(script: string): string {
  return `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${Buffer.from(script, 'utf16le').toString('base64')}`;
}

/** How a command's input and output are handled beyond the collected result. */
export interface CommandOptions {
  /** Written to the command's standard input, then closed: how a secret reaches the guest off any command line. */
  stdin?: string;
  /** Each line of standard output as it arrives, without its CRLF (or LF); a last unterminated line at the end. */
  onStdoutLine?: (line: string) => void;
  /** The same for standard error (the raw lines, CLIXML included: plainStderr only cleans the result). */
  onStderrLine?: (line: string) => void;
}

/**
 * Connects, logs in, calls `onReady` with the client and disconnects when it settles. A TCP connection
 * accepted by QEMU's port forward means nothing (it is dropped when the guest does not listen): success
 * needs the banner and a login. Failures are SshErrors: `auth`, `unreachable` before the login, `dropped`
 * after it; `timeoutMs` bounds the whole session. The one place that connects, for commands and SFTP.
 */
export function withSshClient<T>(
  target: SshTarget,
  timeoutMs: number,
  onReady: (client: InstanceType<typeof Client>, settle: (outcome: () => T | Promise<T>) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const client = new Client();
    let settled = false;
    let loggedIn = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      client.destroy();
      outcome();
    };
    const settle = (outcome: () => T | Promise<T>): void =>
      finish(() => {
        try {
          Promise.resolve(outcome()).then(resolve, reject);
        } catch (error) {
          reject(error as Error);
        }
      });
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new SshError('unreachable', `no answer within ${Math.round(timeoutMs / 1000)} s`)),
        ),
      timeoutMs,
    );
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'client-authentication') {
        finish(() => reject(new SshError('auth', `the guest refused the password for "${target.username}"`)));
      } else {
        finish(() => reject(new SshError(loggedIn ? 'dropped' : 'unreachable', error.message)));
      }
    });
    client.on('close', () =>
      finish(() => reject(new SshError(loggedIn ? 'dropped' : 'unreachable', 'connection closed'))),
    );
    client.on('ready', () => {
      loggedIn = true;
      onReady(client, settle);
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      ...(target.privateKey !== undefined ? { privateKey: target.privateKey } : {}),
      readyTimeout: timeoutMs,
      // Keyboard-interactive too: some sshd configurations ask for the password that way.
      tryKeyboard: true,
      // The guest's host key is new on every build: there is nothing to verify it against.
      hostVerifier: () => true,
    });
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, answer) => {
      answer(prompts.map(() => target.password));
    });
  });
}

/**
 * Splits a byte stream into lines as they arrive: CRLF or LF ends a line, a multi-byte character split
 * between chunks is kept whole, and `end()` delivers a last line that has no line end.
 */
export function lineSplitter(onLine: (line: string) => void): {
  push: (chunk: Buffer) => void;
  end: () => void;
} {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string): void => {
    pending += text;
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  };
  return {
    push: (chunk) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (pending !== '') onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
      pending = '';
    },
  };
}

/**
 * Connects, logs in, runs one command and disconnects. The fourth argument is the command's standard
 * input (a string, as before) or CommandOptions, whose line callbacks follow the output while it runs.
 */
export function runCommand(
  target: SshTarget,
  command: string,
  timeoutMs: number,
  stdinOrOptions?: string | CommandOptions,
): Promise<CommandResult> {
  const options: CommandOptions =
    typeof stdinOrOptions === 'string' ? { stdin: stdinOrOptions } : (stdinOrOptions ?? {});
  return withSshClient<CommandResult>(target, timeoutMs, (client, settle) => {
    client.exec(command, (error, channel) => {
      if (error) {
        settle(() => {
          throw new SshError('dropped', error.message);
        });
        return;
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const outLines = options.onStdoutLine ? lineSplitter(options.onStdoutLine) : undefined;
      const errLines = options.onStderrLine ? lineSplitter(options.onStderrLine) : undefined;
      let code: number | null = null;
      channel.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        outLines?.push(chunk);
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        errLines?.push(chunk);
      });
      channel.on('exit', (exitCode: number | null) => (code = exitCode ?? null));
      channel.on('close', () => {
        outLines?.end();
        errLines?.end();
        settle(() => ({
          code,
          stdout: Buffer.concat(stdout).toString(),
          stderr: plainStderr(Buffer.concat(stderr).toString()),
        }));
      });
      if (options.stdin !== undefined) channel.end(options.stdin);
    });
  });
}

/** What a command said, for an error message: its first stderr line, else its first stdout line. */
export function firstWords(result: CommandResult): string {
  return (result.stderr.trim() || result.stdout.trim() || '(no output)').split(/\r?\n/)[0]!;
}

/** A password the guest refused: final, whatever step asked. */
export function sshAuthError(error: SshError): BuildError {
  return new BuildError('ssh-auth', `SSH login failed: ${error.message}`, {
    hint: 'The guest does not accept the account from the answer file: check --username/--password (and that Setup applied them).',
  });
}
