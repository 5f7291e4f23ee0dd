/** The nightly baseline's inputs: uploads, update filters, the scripts' variables, the longer deadline. */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkUploadSource, parseUpload, scriptEnvironment } from '../../src/bake/baseline-inputs.js';
import { buildLimitMs } from '../../src/bake/builder.js';
import { DEFAULTS } from '../../src/bake/options.js';
import { updateFilters } from '../../src/bake/steps/windows-update.js';
import { thrownBy } from '../support/build.js';

describe('--upload SRC=DEST', () => {
  it('splits at the last "=" and takes absolute Windows paths', () => {
    expect(parseUpload('./tools=C:\\tools')).toEqual({ source: './tools', destination: 'C:\\tools' });
    expect(parseUpload('a=b/c.zip = D:/x/c.zip')).toEqual({ source: 'a=b/c.zip', destination: 'D:/x/c.zip' });
  });

  it.each([
    'tools',
    'tools=',
    '=C:\\x',
    'tools=tools',
    'tools=\\\\server\\share',
    'x=C:\\a\\..\\b',
    'x=C:\\.',
  ])('%s is refused with the form to use', (spec) => {
    const error = thrownBy(() => parseUpload(spec));
    expect(error.code).toBe('invalid-option');
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/--upload \.\/tools=C:\\tools/);
  });

  it('needs a source that exists', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-upload-'));
    try {
      writeFileSync(path.join(dir, 'f'), 'x');
      expect(() => checkUploadSource(`${path.join(dir, 'f')}=C:\\f`)).not.toThrow();
      expect(() => checkUploadSource(`${dir}=C:\\d`)).not.toThrow();
      const error = thrownBy(() => checkUploadSource(`${path.join(dir, 'nope')}=C:\\x`));
      expect(error.code).toBe('input-missing');
      expect(error.message).toMatch(/no such file or directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('--update-exclude: KB numbers in any case, everything else a title pattern', () => {
  expect(updateFilters(['kb5034441', 'KB890830', '*Silverlight*', 'KB12x'])).toEqual({
    excludeKbs: ['KB5034441', 'KB890830'],
    excludeTitles: ['*Silverlight*', 'KB12x'],
  });
});

it("the scripts' variables name the build, never the password", () => {
  const options = { ...DEFAULTS, iso: 'w.iso', virtioWinIso: 'v.iso', output: 'o', password: 'S3cret!' };
  const env = scriptEnvironment(
    { options, os: 'w11', buildId: 'id-1', base: { key: 'k', status: 'hit' } },
    '01-a.ps1',
  );
  expect(env).toEqual({
    BAKE_IMAGE_OS: 'w11',
    BAKE_IMAGE_EDITION: 'Windows 11 Pro',
    BAKE_IMAGE_FIRMWARE: 'uefi',
    BAKE_IMAGE_BUILD_ID: 'id-1',
    BAKE_IMAGE_BASE: 'hit',
    BAKE_IMAGE_SCRIPT: '01-a.ps1',
  });
  expect(JSON.stringify(env)).not.toContain('S3cret');
  expect(scriptEnvironment({ options, os: 'w11', buildId: 'x' }, 'n').BAKE_IMAGE_BASE).toBe('none');
});

it('the deadline grows by --update-timeout only when updates run', () => {
  const limits = { buildTimeoutSeconds: 100, updateTimeoutSeconds: 60 };
  expect(buildLimitMs({ ...limits, windowsUpdate: false })).toBe(100_000);
  expect(buildLimitMs({ ...limits, windowsUpdate: true })).toBe(160_000);
});
