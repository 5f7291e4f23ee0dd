import ssh2 from 'ssh2';
import { BuildError } from '../errors.js';
declare const Client: typeof ssh2.Client;
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
export declare class SshError extends Error {
    readonly kind: SshFailureKind;
    constructor(kind: SshFailureKind, message: string);
}
/** `powershell … -EncodedCommand <base64 of UTF-16LE>`: the script reaches PowerShell byte for byte. */
export declare function powershellCommand(script: string): string;
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
export declare function withSshClient<T>(target: SshTarget, timeoutMs: number, onReady: (client: InstanceType<typeof Client>, settle: (outcome: () => T | Promise<T>) => void) => void): Promise<T>;
/**
 * Splits a byte stream into lines as they arrive: CRLF or LF ends a line, a multi-byte character split
 * between chunks is kept whole, and `end()` delivers a last line that has no line end.
 */
export declare function lineSplitter(onLine: (line: string) => void): {
    push: (chunk: Buffer) => void;
    end: () => void;
};
/**
 * Connects, logs in, runs one command and disconnects. The fourth argument is the command's standard
 * input (a string, as before) or CommandOptions, whose line callbacks follow the output while it runs.
 */
export declare function runCommand(target: SshTarget, command: string, timeoutMs: number, stdinOrOptions?: string | CommandOptions): Promise<CommandResult>;
/** What a command said, for an error message: its first stderr line, else its first stdout line. */
export declare function firstWords(result: CommandResult): string;
/** A password the guest refused: final, whatever step asked. */
export declare function sshAuthError(error: SshError): BuildError;
export {};
