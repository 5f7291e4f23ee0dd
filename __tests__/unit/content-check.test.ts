/** What a refused download is said to be, and what a sidecar is trusted for: pure. */
import { describe, expect, it } from '@jest/globals';
import { readSidecar, sidecarText } from '../../src/deps/cached-download.js';
import { describeContent } from '../../src/deps/content-check.js';

describe('describeContent', () => {
  it.each([
    ['<!DOCTYPE html><html><body>Sign in', 'an HTML page (34 B)'],
    ['  \n<HTML><head>', 'an HTML page (15 B)'],
    ['{"error":"not found"}', 'what looks like JSON (21 B)'],
    ['Access denied\n', '14 B of text starting with "Access denied\\n"'],
  ])('%j is %s', (text, expected) => {
    expect(describeContent(Buffer.from(text), Buffer.byteLength(text))).toBe(expected);
  });

  it('shows binary bytes as hex, and an empty file as such', () => {
    expect(describeContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1]), 4096)).toBe(
      '4.0 KiB starting with bytes 50 4b 03 04 00 01',
    );
    expect(describeContent(Buffer.alloc(0), 0)).toBe('an empty file');
  });
});

describe('readSidecar', () => {
  const sha = 'a'.repeat(64);
  const url = 'https://mirror.example/virtio-win-0.1.262.iso';

  it('trusts a sidecar for the same URL, ignoring user info and query', () => {
    const text = sidecarText(
      sha,
      'virtio-win.iso',
      'https://user:pw@mirror.example/virtio-win-0.1.262.iso?x=1',
    );
    expect(text).toBe(`${sha}  virtio-win.iso\n# url: ${url}\n`);
    expect(readSidecar(text, `${url}?sig=2`)).toEqual({ sha256: sha });
  });

  it('does not trust one for another URL, one without a URL, or one without a sha256', () => {
    const other = sidecarText(sha, 'virtio-win.iso', 'https://mirror.example/virtio-win-0.1.271.iso');
    expect(readSidecar(other, url)).toEqual({
      reason: 'its sidecar records another URL (https://mirror.example/virtio-win-0.1.271.iso)',
    });
    expect(readSidecar(`${sha}  virtio-win.iso\n`, url)).toEqual({
      reason: 'its sidecar does not say which URL it came from',
    });
    expect(readSidecar(`# url: ${url}\n`, url)).toEqual({ reason: 'its sidecar holds no sha256' });
  });
});
