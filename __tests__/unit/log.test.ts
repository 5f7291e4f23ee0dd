import { describe, expect, it } from '@jest/globals';
import {
  formatBytes,
  formatDuration,
  formatRate,
  redact,
  redactingLogger,
  type Logger,
} from '../../src/log.js';
import { VERSION } from '../../src/version.js';
import { readFileSync } from 'node:fs';

describe('redact', () => {
  it('hides every occurrence of each secret', () => {
    expect(redact('pw=hunter2 again hunter2', ['hunter2'])).toBe('pw=*** again ***');
  });
  it('leaves text alone for empty or one-character secrets', () => {
    expect(redact('a b c', ['', 'a'])).toBe('a b c');
  });
  it('is applied by the redacting logger to every kind of message', () => {
    const seen: string[] = [];
    const inner: Logger = {
      phase: (m) => seen.push(m),
      info: (m) => seen.push(m),
      warn: (m) => seen.push(m),
      debug: (m) => seen.push(m),
    };
    const logger = redactingLogger(inner, [`p&ss<w>"rd'`]);
    logger.phase(`x p&ss<w>"rd'`);
    logger.info(`p&ss<w>"rd'`);
    logger.warn(`-p&ss<w>"rd'-`);
    logger.debug(`p&ss<w>"rd'`);
    expect(seen).toEqual(['x ***', '***', '-***-', '***']);
  });
});

describe('formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(20 * 1024 ** 3)).toBe('20.0 GiB');
    expect(formatBytes(1 / 3)).toBe('0.33 B');
  });
  it('formats rates sanely, also slow ones and before any time passed', () => {
    expect(formatRate(1, 20_000)).toBe('0.05 B/s');
    expect(formatRate(3 * 1024 ** 2, 2_000)).toBe('1.5 MiB/s');
    expect(formatRate(100, 0)).toBe('0 B/s');
  });
});

describe('version', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
