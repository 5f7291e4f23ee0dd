/**
 * The base cache's key (src/cache/key.ts): stable for the same inputs, different when any input, the
 * password or the cache's secret changes, and the password (in any form) never reaches a file of the cache.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBaseRecord } from '../../src/cache/base-record.js';
import { memoisedSha256 } from '../../src/cache/file-hashes.js';
import { baseKey, canonicalJson, type BaseKeyInputs } from '../../src/cache/key.js';
import { cacheSecret } from '../../src/cache/secret.js';
import { secretForms } from '../../src/unattend/secret-forms.js';

const PASSWORD = 'Pa<ss>"wörd&1';

/** An answer file holding the password as Windows answer files do, in every form secretForms names. */
function rendered(password: string): BaseKeyInputs['renderedFiles'] {
  const forms = secretForms(password);
  return [
    {
      name: 'autounattend.xml',
      text: `<Password><Value>${forms.join('</Value><Value>')}</Value></Password>`,
    },
    { name: 'first-logon.ps1', text: 'Write-Host "first logon"' },
  ];
}

function inputs(password = PASSWORD): BaseKeyInputs {
  return {
    isoSha256: 'a'.repeat(64),
    virtioSha256: 'b'.repeat(64),
    opensshMsiSha256: 'c'.repeat(64),
    renderedFiles: rendered(password),
    firmware: 'uefi',
    diskSizeMiB: 65536,
    os: 'w11',
    edition: 'Windows 11 Pro',
    toolVersion: '0.1.0',
  };
}

const SECRET = Buffer.alloc(32, 7);
const keyOf = (input: BaseKeyInputs, password = PASSWORD, secret = SECRET) =>
  baseKey(input, { password, cacheSecret: secret, passwordForms: secretForms(password) }).key;

/** Every file under `dir`, recursively, as bytes. */
function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file));
}

describe('baseKey', () => {
  const reference = keyOf(inputs());

  it('is a sha256 hex, the same for the same inputs and whatever their key order', () => {
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(inputs()).reverse()) as unknown as BaseKeyInputs;
    expect(keyOf(reordered)).toBe(reference);
    expect(keyOf({ ...inputs(), renderedFiles: [...rendered(PASSWORD)].reverse() })).toBe(reference);
  });

  it.each<[string, Partial<BaseKeyInputs>]>([
    ['the ISO', { isoSha256: 'd'.repeat(64) }],
    ['the virtio ISO', { virtioSha256: 'd'.repeat(64) }],
    ['the OpenSSH MSI', { opensshMsiSha256: 'd'.repeat(64) }],
    ['no OpenSSH MSI', { opensshMsiSha256: undefined }],
    ['a rendered file', { renderedFiles: [...rendered(PASSWORD), { name: 'extra.cmd', text: 'x' }] }],
    ['a rendered file name', { renderedFiles: rendered(PASSWORD).map((f, i) => ({ ...f, name: `${i}` })) }],
    ['the firmware', { firmware: 'bios' }],
    ['the disk size', { diskSizeMiB: 65537 }],
    ['the OS', { os: 'w10' }],
    ['the edition', { edition: 'Windows 11 Enterprise' }],
    ['the tool version', { toolVersion: '0.2.0' }],
    ['the platform (QEMU, OVMF)', { platform: 'QEMU emulator version 8.2.2' }],
  ])('changes with %s', (_what, change) => {
    expect(keyOf({ ...inputs(), ...change })).not.toBe(reference);
  });

  it('changes with the password, also where it appears in no rendered file, and with the secret', () => {
    expect(keyOf(inputs('Another1!'), 'Another1!')).not.toBe(reference);
    const noPassword = { ...inputs(), renderedFiles: [{ name: 'a.txt', text: 'no password here' }] };
    expect(keyOf(noPassword, 'one password')).not.toBe(keyOf(noPassword, 'another password'));
    expect(keyOf(inputs(), PASSWORD, Buffer.alloc(32, 8))).not.toBe(reference);
  });

  it('records hashes and names only: no password form, no secret, no file text', () => {
    const { recorded } = baseKey(inputs(), {
      password: PASSWORD,
      cacheSecret: SECRET,
      passwordForms: secretForms(PASSWORD),
    });
    const text = JSON.stringify(recorded);
    for (const form of secretForms(PASSWORD)) expect(text).not.toContain(form);
    expect(text).not.toContain(SECRET.toString('hex'));
    expect(text).not.toContain('Write-Host');
    expect(recorded.renderedFiles.map((file) => file.name)).toEqual(['autounattend.xml', 'first-logon.ps1']);
    expect(recorded.isoSha256).toBe('a'.repeat(64));
  });

  it('canonicalJson sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('the cache directory never holds the password', () => {
  it('after making the secret, hashing media and recording a base', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'base-cache-key-'));
    const secret = cacheSecret(dir);
    expect(secret).toHaveLength(32);
    expect(cacheSecret(dir).equals(secret)).toBe(true); // created once
    expect(statSync(path.join(dir, 'secret')).mode & 0o777).toBe(0o600);
    const answerFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'answer-')), 'autounattend.xml');
    writeFileSync(answerFile, rendered(PASSWORD)[0]!.text);
    await memoisedSha256(dir, [answerFile]);
    const { key, recorded } = baseKey(inputs(), {
      password: PASSWORD,
      cacheSecret: secret,
      passwordForms: secretForms(PASSWORD),
    });
    writeBaseRecord(dir, {
      key,
      inputs: recorded,
      disk: { sizeBytes: 1, mtimeMs: 1, sha256: 'e'.repeat(64) },
      ovmfVars: true,
      tpm: false,
      createdAt: new Date().toISOString(),
      lastUsedAt: new Date().toISOString(),
    });
    const everything = Buffer.concat(filesUnder(dir)).toString('latin1');
    const everythingUtf8 = Buffer.concat(filesUnder(dir)).toString('utf8');
    for (const form of secretForms(PASSWORD)) {
      expect(everythingUtf8).not.toContain(form);
      expect(everything).not.toContain(form);
    }
    expect(everything).toContain(key);
  });
});
