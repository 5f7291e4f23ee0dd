/** Shared pieces of the end-to-end tests: the account, CLI flags, and the library seams a test may use. */
import { expect } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { processesUsing } from '../../src/action/post.js';
import {
  createSteps,
  WindowsImageBuilder,
  type BuildHooks,
  type BuildInput,
} from '../../src/bake/builder.js';
import type { Step } from '../../src/bake/context.js';
import type { Logger } from '../../src/log.js';
import { afterAll, beforeAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import { tempDir } from './cli.js';
import { standinMedia, STANDIN_VM_FLAGS, type StandinMedia } from './standin.js';

export const PASSWORD = `p&ss<w>"rd'`;
export const USERNAME = 'baker';

export function cliArgs(
  media: StandinMedia,
  output: string,
  firmware: string,
  extra: string[] = [],
): string[] {
  return [
    'build-image',
    '--iso',
    media.installer,
    '--virtio-win-iso',
    media.virtioWin,
    '--output',
    output,
    '--firmware',
    firmware,
    '--username',
    USERNAME,
    '--password',
    PASSWORD,
    '--hostname',
    'bake-e2e',
    '--build-timeout',
    '420',
    ...STANDIN_VM_FLAGS,
    ...extra,
  ];
}

/** A stand-in bake driven as a library, with steps swapped or tuned (the seams a test may use). */
export function standinBuilder(
  media: StandinMedia,
  dir: string,
  input: Partial<BuildInput>,
  steps?: readonly Step[],
  logger?: Logger,
  hooks?: BuildHooks,
): WindowsImageBuilder {
  return new WindowsImageBuilder(
    {
      iso: media.installer,
      virtioWinIso: media.virtioWin,
      output: path.join(dir, 'lib', `${Math.random().toString(36).slice(2)}.qcow2`),
      accel: 'tcg',
      firmware: 'bios',
      cpus: 1,
      memoryMiB: 768,
      diskSizeMiB: 2048,
      username: USERNAME,
      password: PASSWORD,
      ...input,
    },
    logger,
    steps,
    hooks,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StepClass = abstract new (...args: any[]) => Step;

/** A fresh build's steps with the one of class `kind` replaced (the swap a test may make). */
export function replacing(kind: StepClass, replacement: Step, generalize = false): Step[] {
  const steps = createSteps({ generalize });
  expect(steps.some((step) => step instanceof kind)).toBe(true);
  return steps.map((step) => (step instanceof kind ? replacement : step));
}

/** No process of a build under `dir` is left, and no work dir or partial image. */
export function expectNothingLeft(dir: string): void {
  expect(processesUsing(dir)).toEqual([]);
  const outputs = path.join(dir, 'lib');
  const leftovers = existsSync(outputs) ? readdirSync(outputs).filter((name) => name.startsWith('.')) : [];
  expect(leftovers).toEqual([]);
}

/** A private temp dir and the stand-in media for one test file, made before its tests and removed after. */
export function standinFixture(name: string): { readonly dir: string; readonly media: StandinMedia } {
  const fixture = {} as { dir: string; media: StandinMedia };
  beforeAll(() => {
    fixture.dir = tempDir(name);
    fixture.media = standinMedia();
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));
  return fixture;
}
