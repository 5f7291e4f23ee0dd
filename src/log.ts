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

export const silentLogger: Logger = { phase() {}, info() {}, warn() {}, debug() {} };

/** Replaces every occurrence of each secret with ***. Empty and one-character secrets are ignored. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 2) continue;
    result = result.split(secret).join('***');
  }
  return result;
}

/** A logger that hides the given secrets from everything it passes on. */
export function redactingLogger(inner: Logger, secrets: readonly string[]): Logger {
  return {
    phase: (title) => inner.phase(redact(title, secrets)),
    info: (message) => inner.info(redact(message, secrets)),
    warn: (message) => inner.warn(redact(message, secrets)),
    debug: (message) => inner.debug(redact(message, secrets)),
  };
}

/** Human-readable durations: 850 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Human-readable sizes in binary units: 512 B, 1.5 MiB, 20.0 GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit > 0) return `${value.toFixed(1)} ${units[unit]}`;
  // Whole bytes as they are; a fraction (a slow rate) with two decimals, not seventeen.
  return Number.isInteger(value) ? `${value} B` : `${value.toFixed(2)} B`;
}

const BINARY_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * formatBytes' inverse, for sizes users type: `20G`, `20 GiB`, `512M`, `4MiB`, `1073741824` → bytes (binary
 * units, whole bytes); undefined when the text is not a size. Pure.
 */
export function parseBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const bytes = match ? Math.floor(Number(match[1]) * BINARY_UNITS[match[2]!.toLowerCase()]!) : NaN;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A transfer rate: bytes over milliseconds, "0.05 B/s" to "112.4 MiB/s"; "0 B/s" before any time passed. */
export function formatRate(bytes: number, ms: number): string {
  return `${formatBytes(ms > 0 ? (bytes * 1000) / ms : 0)}/s`;
}
