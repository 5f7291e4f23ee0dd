/**
 * The guest over SSH (ssh2): log in with the answer file's account and run commands. Windows' sshd runs
 * exec requests through cmd.exe; PowerShell goes through -EncodedCommand so no quoting can break it.
 */
import ssh2 from 'ssh2';
import { BuildError } from '../errors.js';
import { plainStderr } from './clixml.js';

const { Client } = ssh2;

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password: string;
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

/**
 * Connects, logs in, runs one command and disconnects. A TCP connection accepted by QEMU's port forward
 * means nothing (it is dropped when the guest does not listen): success needs the banner and a login.
 * `stdin` is written to the command's standard input, then closed: how a secret reaches the guest without
 * appearing on any command line.
 */
export function runCommand(
  target: SshTarget,
  command: string,
  timeoutMs: number,
  stdin?: string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
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
      client.exec(command, (error, channel) => {
        if (error) {
          finish(() => reject(new SshError('dropped', error.message)));
          return;
        }
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        channel.on('exit', (exitCode: number | null) => (code = exitCode ?? null));
        channel.on('close', () => finish(() => resolve({ code, stdout, stderr: plainStderr(stderr) })));
        if (stdin !== undefined) channel.end(stdin);
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
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

/** A password the guest refused: final, whatever step asked. */
export function sshAuthError(error: SshError): BuildError {
  return new BuildError('ssh-auth', `SSH login failed: ${error.message}`, {
    hint: 'The guest does not accept the account from the answer file: check --username/--password (and that Setup applied them).',
  });
}
