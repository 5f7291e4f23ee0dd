import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { descriptorFits, findUefiFirmware } from '../../src/tools/firmware.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'fw-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function firmwareDir(
  name: string,
  entries: Record<string, { features: string[]; machines?: string[] }>,
): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, { features, machines }] of Object.entries(entries)) {
    const code = path.join(dir, `${file}.code.fd`);
    const vars = path.join(dir, `${file}.vars.fd`);
    writeFileSync(code, '');
    writeFileSync(vars, '');
    writeFileSync(
      path.join(dir, `${file}.json`),
      JSON.stringify({
        'interface-types': ['uefi'],
        mapping: {
          device: 'flash',
          executable: { filename: code, format: 'raw' },
          'nvram-template': { filename: vars, format: 'raw' },
        },
        targets: [{ architecture: 'x86_64', machines: machines ?? ['pc-q35-*'] }],
        features,
      }),
    );
  }
  return dir;
}

describe('findUefiFirmware', () => {
  const dir = firmwareDir('debian-like', {
    '40-secure-enrolled': { features: ['secure-boot', 'enrolled-keys', 'requires-smm'] },
    '50-secure': { features: ['secure-boot', 'requires-smm'] },
    '60-plain': { features: ['acpi-s3'] },
  });

  it('picks a build without Secure Boot for uefi', () => {
    const firmware = findUefiFirmware('uefi', [dir]);
    expect(path.basename(firmware.code)).toBe('60-plain.code.fd');
    expect(firmware).toMatchObject({ secureBoot: false, requiresSmm: false });
  });

  it('picks the build with enrolled Microsoft keys for uefi-secure', () => {
    const firmware = findUefiFirmware('uefi-secure', [dir]);
    expect(path.basename(firmware.code)).toBe('40-secure-enrolled.code.fd');
    expect(path.basename(firmware.varsTemplate)).toBe('40-secure-enrolled.vars.fd');
    expect(firmware).toMatchObject({ secureBoot: true, requiresSmm: true });
  });

  it('lets an earlier directory override a descriptor of the same name', () => {
    const override = firmwareDir('override', { '60-plain': { features: [] } });
    expect(findUefiFirmware('uefi', [override, dir]).code).toBe(path.join(override, '60-plain.code.fd'));
  });

  it('skips i440fx-only builds', () => {
    expect(
      descriptorFits(
        {
          'interface-types': ['uefi'],
          mapping: { device: 'flash', executable: { filename: 'a' }, 'nvram-template': { filename: 'b' } },
          targets: [{ architecture: 'x86_64', machines: ['pc-i440fx-*'] }],
        },
        'uefi',
      ),
    ).toBe(false);
  });
});
