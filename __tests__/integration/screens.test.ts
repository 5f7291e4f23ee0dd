/**
 * Screenshots of a real VM: the stand-in installs under QEMU (BIOS and UEFI) until it is ready, with a
 * screenshot every 3 s;
 * the PNGs decode, are not blank, and the phases' screens differ (the stand-in shows a page per phase).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createSteps } from '../../src/bake/builder.js';
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

/** "0003-windows-setup-reboot.png" → "windows-setup". */
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
      // Only screenshots: the scratch file of the dump is gone.
      expect(files.every((file) => /\/\d{4}-[a-z0-9-]+-(interval|reboot|phase)\.png$/.test(file))).toBe(true);
      // Setup before its first reboot, and the installed system after it (later phases may show the same
      // screen as the last one before them, which is then not kept again).
      const phases = [...new Set(files.map(phaseOf))];
      expect(phases.slice(0, 2)).toEqual(['booting-the-installer', 'windows-setup']);
      const pictures = files.map((file) => ({ file, phase: phaseOf(file), image: readPng(file) }));
      for (const { image } of pictures) {
        // QEMU's VGA: 720x400 in text mode (BIOS), the firmware's resolution in graphics (UEFI).
        expect(image.width).toBeGreaterThanOrEqual(640);
        expect(image.height).toBeGreaterThanOrEqual(400);
      }
      // Setup's pages and the installed system's pages are pictures with text, and not the same picture.
      const withText = (phase: string) =>
        pictures.find((picture) => picture.phase === phase && colourCount(picture.image) > 1);
      const setup = withText('booting-the-installer');
      const installed = withText('windows-setup');
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
