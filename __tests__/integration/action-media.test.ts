/**
 * The action's media: a file on the runner is checked against its *-sha256 input before the build reads it,
 * and a redirect never takes a download from https down to plain http.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvedUrl, verifyLocalFile } from '../../src/action/media.js';
import { failureOf } from '../support/build.js';

let dir: string;
let file: string;
let sha256: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-local-sha-'));
  file = path.join(dir, 'windows.iso');
  writeFileSync(file, 'not really an ISO, but these bytes');
  sha256 = createHash('sha256').update('not really an ISO, but these bytes').digest('hex');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyLocalFile', () => {
  it('accepts the pinned file', async () => {
    await expect(verifyLocalFile({ file, sha256, input: 'iso-sha256' })).resolves.toBeUndefined();
  });

  it('refuses another file, naming the input and both sums', async () => {
    const error = await failureOf(verifyLocalFile({ file, sha256: 'b'.repeat(64), input: 'iso-sha256' }));
    expect(error.code).toBe('checksum-mismatch');
    expect(error.message).toBe(
      `${file} does not match input iso-sha256: expected sha256 ${'b'.repeat(64)}, got ${sha256}`,
    );
  });

  it('says when the file cannot be read', async () => {
    const error = await failureOf(
      verifyLocalFile({ file: path.join(dir, 'missing.iso'), sha256, input: 'iso-sha256' }),
    );
    expect(error.code).toBe('input-unreadable');
  });
});

describe('resolvedUrl', () => {
  it('follows redirects, but never from https down to http', () => {
    const stable = 'https://mirror.example/virtio-win.iso';
    expect(resolvedUrl(stable, 'https://mirror.example/0.1.262/virtio-win-0.1.262.iso')).toBe(
      'https://mirror.example/0.1.262/virtio-win-0.1.262.iso',
    );
    expect(resolvedUrl(stable, 'http://mirror.example/0.1.262/virtio-win-0.1.262.iso')).toBe(stable);
    expect(resolvedUrl('http://127.0.0.1:8080/v.iso', 'http://127.0.0.1:8080/v2.iso')).toBe(
      'http://127.0.0.1:8080/v2.iso',
    );
  });
});
