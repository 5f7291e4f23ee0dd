/** URLs in logs and cache keys: no query strings (signed URLs), no user info (tokens). */
import { describe, expect, it } from '@jest/globals';
import { cacheKey } from '../../src/deps/cached-download.js';
import { displayUrl, urlIdentity } from '../../src/deps/http-get.js';

const SIGNED =
  'https://user:s3cret@media.example/isos/win11.iso?X-Amz-Signature=abc123&X-Amz-Expires=300#part';

describe('displayUrl', () => {
  it('shows where, not the credentials or the signature', () => {
    expect(displayUrl(SIGNED)).toBe('https://media.example/isos/win11.iso?…');
    expect(displayUrl('https://media.example/virtio-win.iso')).toBe('https://media.example/virtio-win.iso');
  });

  it('cuts secrets out of text that is not a URL too', () => {
    const shown = displayUrl('ht!tp://tok:en@host/a b?sig=xyz');
    expect(shown).not.toMatch(/sig=|xyz|tok:en/);
    expect(shown).toBe('ht!tp://…@host/a b?…');
    expect(displayUrl('tok:en@host/x')).toBe('…@host/x');
    expect(displayUrl('not a url')).toBe('not a url');
  });
});

describe('cache keys of unpinned downloads', () => {
  it('do not change with the query or the user info, and never contain them', () => {
    const key = cacheKey('bake-windows-image-iso', SIGNED);
    expect(key).toBe(
      cacheKey('bake-windows-image-iso', 'https://media.example/isos/win11.iso?X-Amz-Signature=zzz'),
    );
    expect(key).toBe(cacheKey('bake-windows-image-iso', 'https://media.example/isos/win11.iso'));
    expect(key).not.toBe(cacheKey('bake-windows-image-iso', 'https://media.example/isos/win10.iso'));
    expect(key).not.toMatch(/s3cret|abc123/);
    expect(urlIdentity(SIGNED)).toBe('https://media.example/isos/win11.iso');
  });
});
