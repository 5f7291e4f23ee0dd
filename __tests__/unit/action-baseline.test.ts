/** The action's side of the nightly baseline: the base cache's default place, the summary's rows and table. */
import { describe, expect, it } from '@jest/globals';
import { baseCacheSetting, baselineRows, updatesHtml } from '../../src/action/baseline.js';
import type { BuiltImage } from '../../src/action/summary.js';

describe('the base-cache input', () => {
  const toolCache = { RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' };

  it('defaults to the tool cache on a self-hosted runner only', () => {
    expect(baseCacheSetting('', { ...toolCache, RUNNER_ENVIRONMENT: 'self-hosted' })).toBe(
      '/opt/hostedtoolcache/bake-windows-image/bases',
    );
    expect(baseCacheSetting('', toolCache)).toBe('/opt/hostedtoolcache/bake-windows-image/bases');
    expect(baseCacheSetting('', { ...toolCache, RUNNER_ENVIRONMENT: 'github-hosted' })).toBeUndefined();
    expect(baseCacheSetting('', {})).toBeUndefined();
  });

  it('takes a path as given and false as none', () => {
    expect(baseCacheSetting(' /srv/bases ', toolCache)).toBe('/srv/bases');
    expect(baseCacheSetting('FALSE', toolCache)).toBeUndefined();
  });
});

describe('the summary', () => {
  const result = {
    base: { status: 'hit', key: 'ab'.repeat(32) },
    updates: [{ kb: 'KB1', title: 'A <b>&</b> "update"', sizeBytes: 1024 * 1024, round: 1 }],
  } as unknown as BuiltImage;
  const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

  it('says whether the base was a hit and what was installed', () => {
    expect(baselineRows(result)).toEqual([
      ['Base', 'hit: booted the cached base (key abababababab)'],
      ['Windows updates', '1 installed (1.0 MiB)'],
    ]);
    expect(baselineRows({ ...result, updates: [] } as BuiltImage)[1]).toEqual([
      'Windows updates',
      'none were available',
    ]);
    expect(baselineRows({} as BuiltImage)).toEqual([]);
  });

  it('lists the updates with every text escaped', () => {
    const html = updatesHtml(result.updates!, escape);
    expect(html).toContain(
      '<td>KB1</td><td>A &#60;b&#62;&#38;&#60;/b&#62; &#34;update&#34;</td><td>1.0 MiB</td><td>1</td>',
    );
    expect(html).not.toContain('<b>');
    expect(updatesHtml([], escape)).toBe('');
  });
});
