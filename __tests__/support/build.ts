/** Assertions shared by tests that run builds or steps that fail with a BuildError. */
import { expect } from '@jest/globals';
import { BuildError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';

/** The BuildError a build ends with (fails the test if it succeeds). */
export async function failureOf(run: Promise<unknown>): Promise<BuildError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error('the build succeeded');
}

/** The BuildError a synchronous call throws; fails the test when it throws nothing or something else. */
export function thrownBy(run: () => unknown): BuildError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error('expected a BuildError');
}

/** A logger that keeps what it is told, and when (`at[i]` is the Date.now() of `lines[i]`). */
export function recordingLogger(): Logger & { lines: string[]; at: number[] } {
  const lines: string[] = [];
  const at: number[] = [];
  const keep = (message: string): void => {
    lines.push(message);
    at.push(Date.now());
  };
  return { lines, at, phase: keep, info: keep, warn: keep, debug: keep };
}

/**
 * Milliseconds from the build's admission to now: the build's own time. A wait for room beside other builds
 * (other test files' bakes share the host's ledger) comes before it and is not the build's doing.
 */
export function msSinceAdmitted(logger: { lines: string[]; at: number[] }): number {
  const index = logger.lines.findIndex((line) => line.startsWith('Admitted'));
  expect(index).toBeGreaterThanOrEqual(0);
  return Date.now() - logger.at[index]!;
}
