/**
 * Screenshots of a real VM: the stand-in installs under QEMU (BIOS and UEFI) until it is ready, with a
 * screenshot every 3 s;
 * the PNGs decode, are not blank, and the phases' screens differ (the stand-in shows a page per phase).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createSteps } from '../../src/bake/builder.js';
import { PHASE_ORDER, type PhaseName } from '../../src/bake/timeline.js';
import type { Step } from '../../src/bake/context.js';
import { WaitUntilReady } from '../../src/bake/steps/wait-until-ready.js';
import { BuildError } from '../../src/errors.js';
import { failureOf } from '../support/build.js';
import { tempDir } from '../support/cli.js';
import { standinBuilder } from '../support/e2e.js';
import { colourCount, readPng } from '../support/screens.js';
import { standinMedia } from '../support/standin.js';

// The stand-in's install to its ready line under TCG: 1-3 minutes.
jest.setTimeout(600_000);

let dir: string;
beforeAll(() => {
  dir = tempDir('screens');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The steps of a bake up to the guest being ready, then a stop (the work dir is kept to look at). */
function untilReady(): Step[] {
  const steps = createSteps();
  const ready = steps.findIndex((step) => step instanceof WaitUntilReady);
  const stop: Step = {
    title: 'stop here',
    async run() {
      throw new BuildError('vm-failed', 'stopped by the test');
    },
  };
  return [...steps.slice(0, ready + 1), stop];
}

/** "0003-setup-files-reboot.png" → "setup-files". */
function phaseOf(file: string): string {
  return path
    .basename(file)
    .replace(/^\d{4}-/, '')
    .replace(/-[a-z]+\.png$/, '');
}

describe('screenshots of the stand-in', () => {
  it.each(['bios', 'uefi'] as const)(
    '%s: PNGs of Setup and of the installed system, each a real picture, not the same',
    async (firmware) => {
      const workDir = path.join(dir, `work-${firmware}`);
      const error = await failureOf(
        standinBuilder(
          standinMedia(),
          dir,
          { firmware, workDir, keepWorkDir: true, screenshotIntervalSeconds: 3 },
          untilReady(),
        ).build(),
      );
      expect(error.message).toBe('stopped by the test');
      const screens = path.join(workDir, 'screens');
      const files = readdirSync(screens)
        .sort()
        .map((name) => path.join(screens, name));
      // Only screenshots (the last one taken for the failure bundle): the scratch file of the dump is gone.
      expect(
        files.filter((file) => !/\/\d{4}-[a-z0-9-]+-(interval|reboot|phase|failure)\.png$/.test(file)),
      ).toEqual([]);
      // Named by the timeline's phases, in their order (a phase whose first screen is the same as the last one
      // before it has none of its own).
      const phases = [...new Set(files.map(phaseOf))];
      expect(phases[0]).toBe('boot');
      expect(phases.every((phase) => PHASE_ORDER.includes(phase as PhaseName))).toBe(true);
      const order = phases.map((phase) => PHASE_ORDER.indexOf(phase as PhaseName));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const pictures = files.map((file) => ({ file, phase: phaseOf(file), image: readPng(file) }));
      for (const { image } of pictures) {
        // QEMU's VGA: 720x400 in text mode (BIOS), the firmware's resolution in graphics (UEFI).
        expect(image.width).toBeGreaterThanOrEqual(640);
        expect(image.height).toBeGreaterThanOrEqual(400);
      }
      // Before the first reboot (the installer's pages; the stand-in's WinPE is often over before its disk
      // writes name the phase) and after it (the installed system's pages): pictures with text, not the same.
      const AFTER_REBOOT = ['setup-devices', 'oobe', 'first-logon', 'ssh'];
      const withText = (wanted: string[]) =>
        pictures.find((picture) => wanted.includes(picture.phase) && colourCount(picture.image) > 1);
      const setup = withText(['boot', 'setup-files']);
      const installed = withText(AFTER_REBOOT);
      expect(setup).toBeDefined();
      expect(installed).toBeDefined();
      expect(setup!.image.data.equals(installed!.image.data)).toBe(false);
      // SCREENS_SAVE_TO=DIR keeps a copy to look at (docs/images/standin-setup.png came from there).
      if (process.env.SCREENS_SAVE_TO) {
        const keep = path.join(process.env.SCREENS_SAVE_TO, firmware);
        mkdirSync(keep, { recursive: true });
        for (const file of files) copyFileSync(file, path.join(keep, path.basename(file)));
      }
      expect(existsSync(path.join(screens, '.screendump'))).toBe(false);
    },
  );
});
