/**
 * Provisioning without a base cache: uploads over SFTP, scripts run in order with their output in the log, a
 * script's 3010 restarting the guest before the next one. (A failing script: base-cache.test.ts.)
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordingLogger } from '../support/build.js';
import { REPO } from '../support/cli.js';
import { expectNothingLeft, standinBuilder, standinFixture } from '../support/e2e.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('provision');
afterEach(() => expectNothingLeft(fixture.dir));

const FIXTURES = path.join(REPO, '__tests__', 'fixtures', 'provision');
const EXAMPLE = path.join(REPO, 'examples', 'provision', 'baseline.ps1');

describe('provisioning', () => {
  it('uploads, then runs the scripts in order, restarting the guest when one exits 3010 (BIOS)', async () => {
    const tools = path.join(fixture.dir, 'tools');
    mkdirSync(path.join(tools, 'bin'), { recursive: true });
    writeFileSync(path.join(tools, 'bin', 'tool.txt'), 'a tool\n');
    const logger = recordingLogger();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      {
        firmware: 'bios',
        upload: [`${tools}=C:\\tools`],
        provision: [EXAMPLE, path.join(FIXTURES, 'restart.cmd'), path.join(FIXTURES, 'check.ps1')],
      },
      undefined,
      logger,
    ).build();
    expect(result.kind).toBe('image');
    const said = logger.lines.join('\n');
    expect(said).toMatch(/Uploaded .*tools to C:\\tools \(1 files, 7 B\)/);
    expect(said).toMatch(/\[01-baseline\.ps1\] Provisioning Windows 11 Pro \(w11, bios\), base none\n/);
    expect(said).toMatch(/\[02-restart\.cmd\] 02-restart\.cmd needs a restart\n/);
    expect(said).toMatch(/02-restart\.cmd done in .*, exit code 3010: the guest restarts/);
    expect(said).toMatch(/Logged in after the restart \(02-restart\.cmd asked for it\)/);
    expect(said).toMatch(
      /\[03-check\.ps1\] True\n\[03-check\.ps1\] script 03-check\.ps1 of build [0-9a-f-]{36}\n/,
    );
    // In this order: the restart came between the second and the third script.
    const order = ['[01-baseline.ps1]', 'the guest restarts', 'Guest rebooted (3)', '[03-check.ps1]'].map(
      (text) => said.indexOf(text),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((at) => at >= 0)).toBe(true);
  });
});
