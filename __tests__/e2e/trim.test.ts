/**
 * Freeing the guest's unused space when TRIM does not work: ReTrim's failure is read and reported, then
 * `defrag C: /L`, then zero-filling; the image is made either way.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { recordingLogger } from '../support/build.js';
import { expectNothingLeft, replacing, standinBuilder, standinFixture } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';
import { RunVmWithArgs } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('trim');
afterEach(() => expectNothingLeft(fixture.dir));

describe('trimming the free space', () => {
  it('storage that cannot discard: ReTrim and defrag /L fail with their reasons, zero-filling works', async () => {
    const faulty = standinMedia('trim-unsupported');
    const logger = recordingLogger();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      { iso: faulty.installer },
      undefined,
      logger,
    ).build();
    expect(result.kind).toBe('image');
    const said = logger.lines.join('\n');
    expect(said).toMatch(
      /ReTrim of C: failed: exit code 1: Optimize-Volume : The volume optimization operation requested is not supported by the hardware backing the volume\.; trying defrag C: \/L instead/,
    );
    expect(said).toMatch(
      /defrag C: \/L failed: exit code 1: .*not supported.*; trying zero-fill of C: instead/,
    );
    expect(said).toMatch(/guest: zero-filled \d+ MiB of free space on C:/);
    expect(said).toMatch(/zero-fill of C: done in/);
  });

  it('without discard_granularity, vioscsi refuses TRIM as Windows 11 does ("Incorrect function")', async () => {
    const logger = recordingLogger();
    const withoutGranularity = new RunVmWithArgs((argv) =>
      argv.map((arg) => arg.replace(/,discard_granularity=\d+/, '')),
    );
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      {},
      replacing(RunVm, withoutGranularity),
      logger,
    ).build();
    expect(result.kind).toBe('image');
    const said = logger.lines.join('\n');
    expect(said).toMatch(/ReTrim of C: failed: exit code 1: Optimize-Volume : Incorrect function\./);
    expect(said).toMatch(/zero-filled \d+ MiB of free space on C:/);
  });
});
