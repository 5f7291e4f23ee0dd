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

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string): void => {
    lines.push(message);
  };
  return { lines, phase: keep, info: keep, warn: keep, debug: keep };
}
