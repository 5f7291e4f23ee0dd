import { BuildError } from '../errors.js';
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
export declare class SshError extends Error {
    readonly kind: SshFailureKind;
    constructor(kind: SshFailureKind, message: string);
}
/** `powershell … -EncodedCommand <base64 of UTF-16LE>`: the script reaches PowerShell byte for byte. */
export declare function powershellCommand(script: string): string;
/**
 * Connects, logs in, runs one command and disconnects. A TCP connection accepted by QEMU's port forward
 * means nothing (it is dropped when the guest does not listen): success needs the banner and a login.
 * `stdin` is written to the command's standard input, then closed: how a secret reaches the guest without
 * appearing on any command line.
 */
export declare function runCommand(target: SshTarget, command: string, timeoutMs: number, stdin?: string): Promise<CommandResult>;
/** A password the guest refused: final, whatever step asked. */
export declare function sshAuthError(error: SshError): BuildError;
