/** Image references, tags and the default tags (src/registry/reference.ts). */
import { describe, expect, it } from '@jest/globals';
import {
  chooseTags,
  checkTag,
  editionSlug,
  formatReference,
  parseReference,
} from '../../src/registry/reference.js';
import { BuildError } from '../../src/errors.js';

describe('parseReference', () => {
  it.each([
    ['ghcr.io/owner/windows', { registry: 'ghcr.io', repository: 'owner/windows' }],
    ['ghcr.io/owner/windows:nightly', { registry: 'ghcr.io', repository: 'owner/windows', tag: 'nightly' }],
    ['localhost:5000/win', { registry: 'localhost:5000', repository: 'win' }],
    ['127.0.0.1:5000/a/b-c/d__e:v1.2', { registry: '127.0.0.1:5000', repository: 'a/b-c/d__e', tag: 'v1.2' }],
    ['localhost/win', { registry: 'localhost', repository: 'win' }],
    ['docker.io/user/win', { registry: 'registry-1.docker.io', repository: 'user/win' }],
  ])('%s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each([
    ['', /it is empty/],
    ['windows', /names no registry host/],
    ['library/windows', /Docker Hub short names are not expanded/],
    ['https://ghcr.io/o/w', /it is a URL/],
    ['ghcr.io/o/w@sha256:abc', /a digest/],
    ['ghcr.io/Owner/windows', /not a repository name/],
    ['ghcr.io/o//w', /not a repository name/],
    ['ghcr.io/', /not a repository name/],
    ['ghcr.io/o/w:-x', /not a valid tag/],
    ['ghcr.io/o/w:', /not a valid tag/],
  ])('refuses %j as a usage error', (text, message) => {
    let error: unknown;
    try {
      parseReference(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).exitCode).toBe(2);
    expect(`${(error as BuildError).message} ${(error as BuildError).hint}`).toMatch(message);
  });
});

describe('tags', () => {
  it('takes the spec grammar: 1-128 of [a-zA-Z0-9._-], not starting with . or -', () => {
    expect(checkTag('_a.B-9')).toBe('_a.B-9');
    expect(checkTag('x'.repeat(128))).toHaveLength(128);
    for (const bad of ['', '.x', '-x', 'a/b', 'a:b', 'x'.repeat(129), 'ä'])
      expect(() => checkTag(bad)).toThrow(/not a valid tag/);
  });

  it('slugs editions: lower case, [a-z0-9._-], single hyphens', () => {
    expect(editionSlug('Windows 11 Pro')).toBe('windows-11-pro');
    expect(editionSlug('Windows Server 2022 SERVERDATACENTER (Desktop Experience)')).toBe(
      'windows-server-2022-serverdatacenter-desktop-experience',
    );
    expect(editionSlug("Bob's  $HOME  Edition!")).toBe('bob-s-home-edition');
    expect(editionSlug('???')).toBe('windows');
  });

  it('defaults to <edition-slug>-<yyyymmdd> (UTC) and the moving tag; given tags replace them', () => {
    const date = new Date('2025-01-31T23:30:00Z');
    expect(chooseTags([], { edition: 'Windows 11 Pro', date })).toEqual([
      'windows-11-pro-20250131',
      'latest',
    ]);
    expect(chooseTags([], { edition: 'Windows 11 Pro', date, moving: 'nightly' })).toEqual([
      'windows-11-pro-20250131',
      'nightly',
    ]);
    expect(chooseTags(['v1', 'v1', 'stable'], { date })).toEqual(['v1', 'stable']);
    expect(() => chooseTags(['ok', 'not ok'], { date })).toThrow(/"not ok" is not a valid tag/);
  });

  it('formats references by tag and by digest', () => {
    const ref = { registry: 'ghcr.io', repository: 'o/w' };
    expect(formatReference(ref, 'latest')).toBe('ghcr.io/o/w:latest');
    expect(formatReference(ref, 'sha256:ab')).toBe('ghcr.io/o/w@sha256:ab');
  });
});
