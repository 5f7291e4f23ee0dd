/**
 * The seed's defects, each shown to break the stand-in's install the way it breaks real Setup. The builder
 * is driven as a library with one step swapped or tuned; the guest is the one that fails.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Step } from '../../src/bake/context.js';
import { MakeAnswerMedium } from '../../src/bake/steps/answer-medium.js';
import { AnswerBootPrompt } from '../../src/bake/steps/boot-prompt.js';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { BOOT_PROMPT } from '../../src/vm/boot-prompt.js';
import { makeIso as makeXorrisoIso } from '../../src/tools/xorriso.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { expectNothingLeft, replacing, standinBuilder, standinFixture } from '../support/e2e.js';
import { RunVmWithArgs } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('seed');
// Every failure reaps QEMU (and swtpm) and removes the work dir.
afterEach(() => expectNothingLeft(fixture.dir));

describe("the seed's defects break the install as they break real Setup", () => {
  it('an answer medium without Joliet is never found: Setup waits, the build times out', async () => {
    const noJoliet: Step = {
      title: 'Writing the answer medium without Joliet',
      async run(context) {
        await new MakeAnswerMedium().run(context);
        const iso = context.answerMedium!;
        const files = ['autounattend.xml', 'first-logon.ps1'].map((name) => ({
          name,
          source: path.join(context.workDir!, name),
        }));
        rmSync(iso);
        execFileSync('xorrisofs', [
          '-r',
          '-V',
          'AUTOUNATTEND',
          '-quiet',
          '-o',
          iso,
          '-graft-points',
          ...files.map((f) => `/${f.name}=${f.source}`),
        ]);
      },
    };
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { buildTimeoutSeconds: 60 },
        replacing(MakeAnswerMedium, noJoliet),
      ).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 60 s/);
    expect(error.message).toMatch(/answer file|autounattend/i);
  });

  it('DriverPaths under Microsoft-Windows-Setup load no driver: no disk is found', async () => {
    const misplaced: Step = {
      title: 'Writing the answer medium with DriverPaths in the wrong component',
      async run(context) {
        await new MakeAnswerMedium().run(context);
        const original = context.workDir!;
        const xml = path.join(original, 'autounattend.xml');
        const text = readFileSync(xml, 'utf8');
        // The seed's mistake: the same DriverPaths, in a component that Setup does not read them from.
        const moved = text.replace('Microsoft-Windows-PnpCustomizationsWinPE', 'Microsoft-Windows-Setup');
        expect(moved).not.toBe(text);
        writeFileSync(xml, moved);
        rmSync(context.answerMedium!);
        await makeXorrisoIso({
          files: ['autounattend.xml', 'first-logon.ps1'].map((name) => ({
            name,
            source: path.join(original, name),
          })),
          output: context.answerMedium!,
          volumeId: 'AUTOUNATTEND',
        });
      },
    };
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { buildTimeoutSeconds: 60 },
        replacing(MakeAnswerMedium, misplaced),
      ).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/couldn't find any drives/);
  });

  it("-no-reboot ends the VM at Setup's first reboot: a fast failure", async () => {
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        {},
        replacing(RunVm, new RunVmWithArgs((argv) => [...argv, '-no-reboot'])),
      ).build(),
    );
    expect(error.code).toBe('guest-exited');
    expect(error.message).toMatch(/QEMU stopped before the guest was ready/);
  });

  it('no key at the UEFI prompt: the installer never starts', async () => {
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { firmware: 'uefi', buildTimeoutSeconds: 45 },
        replacing(AnswerBootPrompt, { title: 'Never answering the boot prompt', run: async () => {} }),
      ).build(),
    );
    expect(['timeout', 'guest-exited']).toContain(error.code);
    expect(error.message).toMatch(/no key pressed|0 reboots|stopped/);
  });

  it('a key at every prompt restarts Setup from scratch each time: never ready', async () => {
    const logger = recordingLogger();
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { firmware: 'uefi', buildTimeoutSeconds: 120 },
        replacing(AnswerBootPrompt, answeringEveryPrompt),
        logger,
      ).build(),
    );
    expect(error.code).toBe('timeout');
    expect(logger.lines.filter((l) => l.startsWith('Answering the boot prompt')).length).toBeGreaterThan(1);
  });
});

/** The seed's key policy: a key at every prompt, on every boot. */
const answeringEveryPrompt: Step = {
  title: 'Answering every boot prompt',
  async run(context) {
    const session = context.session!;
    let answeredBoot = -1;
    const onText = (text: string): void => {
      if (BOOT_PROMPT.test(text) && answeredBoot !== session.reboots) {
        answeredBoot = session.reboots;
        session.pressKey(`prompt at boot ${session.reboots + 1}`);
      }
    };
    session.serial.on('line', onText);
    session.serial.on('partial', onText);
  },
};
