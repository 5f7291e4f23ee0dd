/**
 * The one error type of the build. Every failure the user can act on is a BuildError with a stable code,
 * the process exit code it maps to, and a hint that names the fix.
 */

export const ExitCode = {
  /** The image was built (or, with --dry-run, the plan was made). */
  Success: 0,
  /** The build failed: a missing or unreadable ISO, a missing tool, a guest that never became ready, … */
  BuildFailed: 1,
  /** Invalid usage: unknown flag, missing required flag, malformed or out-of-range value. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage'
  | 'invalid-option'
  | 'input-missing'
  | 'input-unreadable'
  | 'input-invalid'
  | 'output-exists'
  | 'output-unwritable'
  | 'no-space'
  | 'host-too-small'
  | 'host-busy'
  | 'tool-missing'
  | 'tool-failed'
  | 'kvm-unavailable'
  | 'firmware-missing'
  | 'vm-failed'
  | 'guest-exited'
  | 'boot-refused'
  | 'timeout'
  | 'ssh-auth'
  | 'ssh-unreachable'
  | 'guest-step-failed'
  | 'provision-failed'
  | 'update-failed'
  | 'template-missing'
  | 'cancelled'
  | 'download-failed'
  | 'checksum-mismatch'
  | 'upload-failed'
  | 'push-failed'
  | 'registry-auth'
  | 'internal';

const usageCodes: ReadonlySet<ErrorCode> = new Set(['usage', 'invalid-option']);

export class BuildError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: ExitCode;
  /** The failure bundle's directory, when the build left one (bake/failure-bundle.ts). */
  readonly bundle?: string;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; bundle?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'BuildError';
    this.code = code;
    this.hint = options.hint;
    this.bundle = options.bundle;
    this.exitCode = usageCodes.has(code) ? ExitCode.Usage : ExitCode.BuildFailed;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; exitCode: number; bundle?: string } {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      exitCode: this.exitCode,
      ...(this.bundle ? { bundle: this.bundle } : {}),
    };
  }
}

/** Wraps anything thrown into a BuildError, keeping BuildErrors as they are. */
export function asBuildError(error: unknown): BuildError {
  if (error instanceof BuildError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BuildError('internal', `Unexpected error: ${message}`, {
    hint: 'This is a bug in bake-windows-image; please report it with the log above.',
    cause: error,
  });
}
