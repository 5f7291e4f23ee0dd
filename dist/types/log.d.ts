/**
 * What the build says while it works. The CLI prints it; the action maps it to @actions/core.
 * Every message passes through `redact`, so a secret (the admin password) never reaches a log.
 */
export interface Logger {
    /** A new phase of the build begins (the action opens a log group). */
    phase(title: string): void;
    info(message: string): void;
    warn(message: string): void;
    debug(message: string): void;
}
export declare const silentLogger: Logger;
/** Replaces every occurrence of each secret with ***. Empty and one-character secrets are ignored. */
export declare function redact(text: string, secrets: readonly string[]): string;
/** A logger that hides the given secrets from everything it passes on. */
export declare function redactingLogger(inner: Logger, secrets: readonly string[]): Logger;
/** Human-readable durations: 850 ms, 12.3 s, 4 min 05 s. */
export declare function formatDuration(ms: number): string;
/** Human-readable sizes in binary units: 512 B, 1.5 MiB, 20.0 GiB. */
export declare function formatBytes(bytes: number): string;
/**
 * formatBytes' inverse, for sizes users type: `20G`, `20 GiB`, `512M`, `4MiB`, `1073741824` → bytes (binary
 * units, whole bytes); undefined when the text is not a size. Pure.
 */
export declare function parseBytes(text: string): number | undefined;
/** A transfer rate: bytes over milliseconds, "0.05 B/s" to "112.4 MiB/s"; "0 B/s" before any time passed. */
export declare function formatRate(bytes: number, ms: number): string;
