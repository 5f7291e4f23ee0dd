/** ScreenRecorder with a fake screen: identical frames kept once, a bounded set, names, never a throw. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodePng } from '../../src/tools/png.js';
import { ScreenRecorder, slug, type ScreenRecorderOptions } from '../../src/vm/screens.js';
import { recordingLogger } from '../support/build.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A frame of one grey level, 4x3 pixels. */
function frame(level: number): Buffer {
  return encodePng({ width: 4, height: 3, channels: 1, data: Buffer.alloc(12, level) });
}

function recorder(
  frames: () => Buffer | Promise<Buffer>,
  extra: Partial<ScreenRecorderOptions> = {},
): {
  recorder: ScreenRecorder;
  phase: { now: string };
  dir: string;
  logger: ReturnType<typeof recordingLogger>;
} {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'screens-')), 'screens');
  dirs.push(path.dirname(dir));
  const phase = { now: 'booting the installer' };
  const logger = recordingLogger();
  const made = new ScreenRecorder({
    dir,
    intervalMs: 0,
    logger,
    phase: () => phase.now,
    grab: async () => frames(),
    ...extra,
  });
  return { recorder: made, phase, dir, logger };
}

describe('ScreenRecorder', () => {
  it('keeps an identical frame once, and the same picture again after a different one', async () => {
    const levels = [10, 10, 10, 20, 10];
    const { recorder: screens } = recorder(() => frame(levels.shift()!));
    const kept = [];
    for (let i = 0; i < 5; i++) kept.push(await screens.capture('interval'));
    expect(kept.map((file) => file !== undefined)).toEqual([true, false, false, true, true]);
    expect(screens.files()).toHaveLength(3);
  });

  it('names files NNNN-<phase>-<reason>.png, numbered in order, with the phase as it was', async () => {
    let level = 0;
    const { recorder: screens, phase, dir } = recorder(() => frame(level++));
    await screens.capture('phase');
    phase.now = 'Windows Setup (2 reboots so far)';
    await screens.capture('reboot');
    expect(readdirSync(dir).sort()).toEqual([
      '0001-booting-the-installer-phase.png',
      '0002-windows-setup-reboot.png',
    ]);
    expect(screens.files()).toEqual(
      readdirSync(dir)
        .sort()
        .map((name) => path.join(dir, name)),
    );
    expect(screens.latest()).toBe(path.join(dir, '0002-windows-setup-reboot.png'));
  });

  it('names a screenshot by the phase when it was asked for, not when its turn came', async () => {
    let level = 0;
    const { recorder: screens, phase } = recorder(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return frame(level++);
    });
    const first = screens.capture('interval');
    const reboot = screens.capture('reboot');
    phase.now = 'Windows Setup (1 reboot so far)';
    const next = screens.capture('phase');
    expect((await Promise.all([first, reboot, next])).map((file) => path.basename(file!))).toEqual([
      '0001-booting-the-installer-interval.png',
      '0002-booting-the-installer-reboot.png',
      '0003-windows-setup-phase.png',
    ]);
  });

  it('keeps the first of each phase plus the last 20, deleting the rest as new ones come', async () => {
    let level = 0;
    const { recorder: screens, phase, dir } = recorder(() => frame(level++));
    for (let i = 0; i < 30; i++) await screens.capture('interval');
    phase.now = 'confirming readiness over SSH';
    for (let i = 0; i < 30; i++) await screens.capture('interval');
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(22);
    expect(names[0]).toBe('0001-booting-the-installer-interval.png');
    expect(names[1]).toBe('0031-confirming-readiness-over-ssh-interval.png');
    expect(names[2]).toBe('0041-confirming-readiness-over-ssh-interval.png');
    expect(names.at(-1)).toBe('0060-confirming-readiness-over-ssh-interval.png');
    expect(screens.files().map((file) => path.basename(file))).toEqual(names);
  });

  it('takes captures one at a time, in the order asked, however they overlap', async () => {
    let level = 0;
    const { recorder: screens } = recorder(async () => {
      const mine = level++;
      await new Promise((resolve) => setTimeout(resolve, 5 - mine));
      return frame(mine);
    });
    const files = await Promise.all([screens.capture('a'), screens.capture('b'), screens.capture('c')]);
    expect(files.map((file) => path.basename(file!))).toEqual([
      '0001-booting-the-installer-a.png',
      '0002-booting-the-installer-b.png',
      '0003-booting-the-installer-c.png',
    ]);
  });

  it('never throws: a failed screendump is a debug line and the next one still works', async () => {
    let fail = true;
    const { recorder: screens, logger } = recorder(() => {
      if (fail) throw new Error('QMP error GenericError: no display');
      return frame(1);
    });
    await expect(screens.capture('failure')).resolves.toBeUndefined();
    expect(logger.lines.join('\n')).toMatch(
      /Screenshot \(failure\) not taken: QMP error GenericError: no display/,
    );
    fail = false;
    await expect(screens.capture('interval')).resolves.toMatch(/0001-booting-the-installer-interval\.png$/);
  });

  it('takes one every interval, and none once stopped', async () => {
    let level = 0;
    let taken = 0;
    const { recorder: screens } = recorder(
      () => {
        taken++;
        return frame(level++);
      },
      { intervalMs: 20 },
    );
    while (taken < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    screens.stop();
    const after = taken;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(taken).toBe(after);
    await expect(screens.capture('failure')).resolves.toBeUndefined();
    expect(screens.files().length).toBeGreaterThanOrEqual(3);
  });

  it('makes no screenshots when its directory cannot be made, and says why', async () => {
    const logger = recordingLogger();
    const parent = mkdtempSync(path.join(os.tmpdir(), 'screens-'));
    dirs.push(parent);
    writeFileSync(path.join(parent, 'work'), 'a file, not a directory');
    const screens = new ScreenRecorder({
      dir: path.join(parent, 'work', 'screens'),
      intervalMs: 0,
      logger,
      phase: () => 'x',
      grab: async () => frame(1),
    });
    await expect(screens.capture('interval')).resolves.toBeUndefined();
    expect(logger.lines.join('\n')).toMatch(/No screenshots: cannot create .*work\/screens: ENOTDIR/);
  });
});

describe('slug', () => {
  it('makes file-name parts of phases', () => {
    expect(slug('Windows Setup (2 reboots so far)')).toBe('windows-setup');
    expect(slug('confirming readiness over SSH')).toBe('confirming-readiness-over-ssh');
    expect(slug('???')).toBe('none');
    expect(slug('a'.repeat(60)).length).toBe(40);
  });
});
