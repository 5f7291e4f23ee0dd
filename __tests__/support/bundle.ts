/** Checks of a failure bundle (src/bake/failure-bundle.ts) that every failed stand-in bake shares. */
import { expect } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FailureFacts } from '../../src/bake/failure-bundle.js';
import type { BuildError } from '../../src/errors.js';
import { readPng } from './screens.js';

/** Quotes, `$`, `&`, `<`: every escaping layer between the options and a file has something to do. */
export const HOSTILE_PASSWORD = `p&s$s<w>"rd'`;

/** The files every bundle has, whatever failed. */
const ALWAYS = [
  'README.txt',
  'failure.json',
  'serial.log',
  'qemu-stderr.txt',
  'qemu-command.txt',
  'host.json',
  'autounattend.xml',
  'first-logon.ps1',
  'guest-logs.txt',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/** The byte sequences that would give the password away: as text, XML-escaped, base64 of UTF-16LE, UTF-16LE. */
export function passwordBytes(password: string): Buffer[] {
  const xml = password.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
  const b64 = (text: string): string => Buffer.from(text, 'utf16le').toString('base64');
  return [
    Buffer.from(password),
    Buffer.from(xml),
    Buffer.from(b64(password)),
    Buffer.from(b64(`${password}Password`)),
    Buffer.from(b64(`${password}AdministratorPassword`)),
    Buffer.from(password, 'utf16le'),
  ];
}

/**
 * The bundle beside `output` that `error` names: the files, the hint ending with its place and the last
 * screenshot's, and no form of the password in any byte of any file. Returns its facts (failure.json).
 */
export function expectBundle(error: BuildError, output: string, password: string): FailureFacts {
  const dir = `${output}.failure`;
  expect(error.bundle).toBe(dir);
  expect(error.hint).toContain(`Failure bundle: ${dir}; last screenshot: `);
  // The last screenshot, inside the bundle, a PNG of the screen (taken at the failure at the latest).
  const shot = /; last screenshot: (.+)$/.exec(error.hint ?? '')?.[1] ?? '';
  expect(path.dirname(shot)).toBe(path.join(dir, 'screens'));
  expect(readPng(shot).width).toBeGreaterThanOrEqual(640);
  for (const name of ALWAYS) expect(existsSync(path.join(dir, name))).toBe(true);
  const forms = passwordBytes(password);
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const form of forms) {
      if (bytes.includes(form)) throw new Error(`${file} holds the password (${form.toString('hex')})`);
    }
  }
  // Masked, not missing: the answer file had the password in its two places.
  expect(readFileSync(path.join(dir, 'autounattend.xml'), 'utf8')).toMatch(/<Value>\*{8}<\/Value>/);
  const host = JSON.parse(readFileSync(path.join(dir, 'host.json'), 'utf8')) as {
    qemu: { version: string };
    accel: string;
  };
  expect(host.qemu.version).toMatch(/QEMU emulator version \d/);
  expect(host.accel).toBe('tcg');
  expect(readFileSync(path.join(dir, 'qemu-command.txt'), 'utf8')).toMatch(/qemu-system-x86_64 .*-accel tcg/);
  const facts = JSON.parse(readFileSync(path.join(dir, 'failure.json'), 'utf8')) as FailureFacts;
  expect(facts.code).toBe(error.code);
  return facts;
}

/** guest-logs.txt of a bundle. */
export function guestLogsText(output: string): string {
  return readFileSync(path.join(`${output}.failure`, 'guest-logs.txt'), 'utf8');
}
