/** Waiting for a socket file to appear, by inotify: appeared, already there, timed out, child gone, aborted. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForPath } from '../../src/tools/wait-for-path.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-wait-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('waitForPath', () => {
  it('resolves as soon as the file appears, long before its bound', async () => {
    const file = path.join(dir, 'late.sock');
    setTimeout(() => writeFileSync(file, ''), 100);
    const started = Date.now();
    await expect(waitForPath(file, { timeoutMs: 30_000 })).resolves.toBe('appeared');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('sees a file that is already there', async () => {
    const file = path.join(dir, 'early.sock');
    writeFileSync(file, '');
    await expect(waitForPath(file, { timeoutMs: 1_000 })).resolves.toBe('appeared');
  });

  it('ends at its bound, when the child ends, or when aborted', async () => {
    const file = path.join(dir, 'never.sock');
    await expect(waitForPath(file, { timeoutMs: 50 })).resolves.toBe('timeout');
    await expect(waitForPath(file, { timeoutMs: 30_000, until: Promise.resolve() })).resolves.toBe('ended');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(waitForPath(file, { timeoutMs: 30_000, signal: controller.signal })).resolves.toBe(
      'aborted',
    );
  });
});
