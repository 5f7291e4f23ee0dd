/** The stand-in's smoke fixture names the first-logon script's steps as the real template does, in its order. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { templatesDir } from '../../src/unattend/templates.js';

function stepNames(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^Invoke-Step '([^']+)' \{/gm)].map((match) => match[1]!);
}

describe('the stand-in fixture first-logon.ps1', () => {
  it("has the template's steps, in its order", () => {
    const template = stepNames(path.join(templatesDir(), 'first-logon.ps1.mustache'));
    expect(template.length).toBeGreaterThan(5);
    expect(
      stepNames(path.join(templatesDir(), '..', 'test', 'standin', 'fixtures', 'first-logon.ps1')),
    ).toEqual(template);
  });
});
