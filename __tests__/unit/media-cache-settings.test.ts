/** The local media cache's pure parts: its inputs, which files eviction takes, how a holder is written. */
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import {
  DEFAULT_MEDIA_CACHE_MAX_BYTES,
  mediaCacheSettings,
  parseByteSize,
} from '../../src/action/media-cache-settings.js';
import { mediaHtml } from '../../src/action/summary.js';
import { chooseEvictions } from '../../src/deps/media-cache-eviction.js';
import { holderText, parseHolder } from '../../src/deps/media-cache-users.js';
import type { BuildError } from '../../src/errors.js';
import { thrownBy } from '../support/build.js';

const TOOLS = '/opt/hostedtoolcache';
const DEFAULT_DIR = path.join(TOOLS, 'bake-windows-image', 'media');

describe('mediaCacheSettings', () => {
  it('is on by default on a self-hosted runner, and where RUNNER_ENVIRONMENT is not set', () => {
    for (const environment of ['self-hosted', undefined]) {
      expect(
        mediaCacheSettings('', '', { RUNNER_ENVIRONMENT: environment, RUNNER_TOOL_CACHE: TOOLS }),
      ).toEqual({
        dir: DEFAULT_DIR,
        maxBytes: DEFAULT_MEDIA_CACHE_MAX_BYTES,
      });
    }
  });

  it('is off by default on a GitHub-hosted runner and without a tool cache', () => {
    expect(
      mediaCacheSettings('', '', { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TOOL_CACHE: TOOLS }),
    ).toBe(undefined);
    expect(mediaCacheSettings('', '', { RUNNER_ENVIRONMENT: 'self-hosted' })).toBeUndefined();
  });

  it('false turns it off, true forces the default directory, a path is the directory', () => {
    const self = { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_TOOL_CACHE: TOOLS };
    for (const off of ['false', 'FALSE', ' no ', 'off', '0'])
      expect(mediaCacheSettings(off, '', self)).toBeUndefined();
    const hosted = { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_TOOL_CACHE: TOOLS };
    expect(mediaCacheSettings('true', '', hosted)?.dir).toBe(DEFAULT_DIR);
    expect(mediaCacheSettings('/srv/media', '5G', hosted)).toEqual({
      dir: '/srv/media',
      maxBytes: 5 * 1024 ** 3,
    });
    expect(mediaCacheSettings('rel/dir', '', self)?.dir).toBe(path.resolve('rel/dir'));
  });

  it('true without a tool cache is an error naming the input', () => {
    const error = thrownBy(() => mediaCacheSettings('true', '', {})) as BuildError;
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe('Input media-cache: true, but the runner has no tool cache');
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1073741824', 1024 ** 3],
    ['20G', 20 * 1024 ** 3],
    ['20 GiB', 20 * 1024 ** 3],
    ['512m', 512 * 1024 ** 2],
    ['1.5K', 1536],
    ['2TB', 2 * 1024 ** 4],
    ['100b', 100],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text, 'Input media-cache-max-size')).toBe(bytes);
  });

  it.each(['', '0', '-1G', 'lots', '20 P', '1e3'])('refuses %j, naming the input', (text) => {
    const error = thrownBy(() => parseByteSize(text, 'Input media-cache-max-size')) as BuildError;
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe(`Input media-cache-max-size: "${text.trim()}" is not a size`);
  });
});

describe('chooseEvictions', () => {
  const file = (sha256: string, size: number, day: number) => ({
    sha256,
    size,
    lastUsedAt: new Date(Date.UTC(2026, 11, day)).toISOString(),
  });
  const files = [file('new', 100, 3), file('old', 100, 1), file('mid', 100, 2)];

  it('takes the least recently used first, only as many as needed', () => {
    expect(chooseEvictions(files, new Set(), 300)).toEqual([]);
    expect(chooseEvictions(files, new Set(), 250)).toEqual(['old']);
    expect(chooseEvictions(files, new Set(), 100)).toEqual(['old', 'mid']);
    expect(chooseEvictions(files, new Set(), 99)).toEqual(['old', 'mid', 'new']);
  });

  it('never takes a file in use, even the oldest; the cache may stay over the limit', () => {
    expect(chooseEvictions(files, new Set(['old']), 250)).toEqual(['mid']);
    expect(chooseEvictions(files, new Set(['old', 'mid', 'new']), 0)).toEqual([]);
  });
});

describe('holders', () => {
  it('round-trip through their text, with or without a start time', () => {
    expect(parseHolder(holderText({ pid: 42, start: '123456' }))).toEqual({ pid: 42, start: '123456' });
    expect(parseHolder(holderText({ pid: 42 }))).toEqual({ pid: 42, start: undefined });
    expect(parseHolder('')).toBeUndefined();
    expect(parseHolder('x 1')).toBeUndefined();
  });
});

describe('mediaHtml', () => {
  it('lists each medium, where it came from and the bytes transferred, escaped, with the total', () => {
    const html = mediaHtml([
      { name: 'windows.iso', origin: 'local media cache', bytesTransferred: 0 },
      { name: 'a<b>.iso', origin: 'download', bytesTransferred: 3 * 1024 ** 2 },
    ]);
    expect(html).toBe(
      '<h3>Media</h3><table><tr><th>Medium</th><th>From</th><th>Transferred</th></tr>' +
        '<tr><td>windows.iso</td><td>local media cache</td><td>0 B</td></tr>' +
        '<tr><td>a&lt;b&gt;.iso</td><td>download</td><td>3.0 MiB</td></tr>' +
        '</table><p>3.0 MiB transferred in all.</p>',
    );
    expect(mediaHtml([])).toBe('');
    expect(mediaHtml(undefined)).toBe('');
  });
});
