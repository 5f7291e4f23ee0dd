/** Where the CLI's password comes from: one of --password, --password-file, BAKE_WINDOWS_PASSWORD. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { passwordFromSources } from '../../src/cli/password.js';
import { optionWarnings, resolveOptions } from '../../src/bake/validate.js';
import { thrownBy } from '../support/build.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-password-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

describe('passwordFromSources', () => {
  it('none given: the default', () => {
    expect(passwordFromSources({ env: {} })).toBeUndefined();
  });

  it('takes each source as it is', () => {
    expect(passwordFromSources({ password: ' a ', env: {} })).toBe(' a ');
    expect(passwordFromSources({ env: { BAKE_WINDOWS_PASSWORD: ' b\t' } })).toBe(' b\t');
    expect(passwordFromSources({ passwordFile: file('plain', ' c '), env: {} })).toBe(' c ');
  });

  it('drops exactly one trailing line end from a file', () => {
    expect(passwordFromSources({ passwordFile: file('lf', 'd\n'), env: {} })).toBe('d');
    expect(passwordFromSources({ passwordFile: file('crlf', 'e\r\n'), env: {} })).toBe('e');
    expect(passwordFromSources({ passwordFile: file('two', 'f\n\n'), env: {} })).toBe('f\n');
  });

  it('refuses two sources, naming both', () => {
    const error = thrownBy(() =>
      passwordFromSources({ passwordFile: file('g', 'g'), env: { BAKE_WINDOWS_PASSWORD: 'h' } }),
    );
    expect(error.code).toBe('usage');
    expect(error.message).toBe('The password is given twice: --password-file and BAKE_WINDOWS_PASSWORD');
  });

  it('an unreadable file is a build error naming the flag', () => {
    const error = thrownBy(() => passwordFromSources({ passwordFile: path.join(dir, 'none'), env: {} }));
    expect(error.code).toBe('input-unreadable');
    expect(error.message).toMatch(/^--password-file .*none: ENOENT/);
  });
});

describe('the default password', () => {
  const base = { iso: 'w.iso', virtioWinIso: 'v.iso', output: 'o.qcow2' };
  const target = { minDiskMiB: 1 };

  it('draws a warning that does not contain it; an own password does not', () => {
    const warnings = optionWarnings(resolveOptions(base), target);
    expect(warnings.filter((w) => /password is the default/.test(w))).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain('smolvm');
    expect(optionWarnings(resolveOptions({ ...base, password: 'own-one' }), target).join('\n')).not.toMatch(
      /password/,
    );
  });
});
