/**
 * The nightly baseline in the action: where the base cache lives by default, and what the outputs and the job
 * summary say about the base and the Windows updates the image carries.
 */
import * as core from '@actions/core';
import path from 'node:path';
import type { InstalledUpdate } from '../bake/context.js';
import { formatBytes } from '../log.js';
import type { BuiltImage } from './summary.js';

/**
 * The `base-cache` input → the build's baseCache: a path as given; `false` none; empty: a directory under the
 * runner's tool cache on a self-hosted runner (it survives between jobs; a GitHub-hosted runner's does not).
 * Pure.
 */
export function baseCacheSetting(input: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = input.trim();
  if (value.toLowerCase() === 'false') return undefined;
  if (value !== '') return value;
  const toolCache = env.RUNNER_TOOL_CACHE;
  const selfHosted = (env.RUNNER_ENVIRONMENT ?? 'self-hosted') === 'self-hosted';
  return toolCache && selfHosted ? path.join(toolCache, 'bake-windows-image', 'bases') : undefined;
}

/** `base`, `base-key`, `updates-installed` and `updates` (a JSON list); empty when the build had none. */
export function setBaselineOutputs(result: BuiltImage): void {
  core.setOutput('base', result.base?.status ?? '');
  core.setOutput('base-key', result.base?.key ?? '');
  core.setOutput('updates-installed', result.updates ? String(result.updates.length) : '');
  core.setOutput('updates', result.updates ? JSON.stringify(result.updates) : '');
}

/** Rows for the summary's image table (plain text; the summary escapes them). Pure. */
export function baselineRows(result: BuiltImage): string[][] {
  return [
    ...(result.base
      ? [
          [
            'Base',
            `${result.base.status === 'hit' ? 'hit: booted the cached base' : 'miss: installed and kept'} (key ${result.base.key.slice(0, 12)})`,
          ],
        ]
      : []),
    ...(result.updates ? [['Windows updates', updatesLine(result.updates)]] : []),
  ];
}

function updatesLine(updates: readonly InstalledUpdate[]): string {
  if (updates.length === 0) return 'none were available';
  const bytes = updates.reduce((sum, update) => sum + update.sizeBytes, 0);
  return `${updates.length} installed (${formatBytes(bytes)})`;
}

/** The installed updates as an HTML table for the summary, `escape` applied to every text. Pure. */
export function updatesHtml(updates: readonly InstalledUpdate[], escape: (text: string) => string): string {
  if (updates.length === 0) return '';
  const rows = updates.map(
    (update) =>
      `<tr><td>${escape(update.kb || '(driver)')}</td><td>${escape(update.title)}</td><td>${escape(formatBytes(update.sizeBytes))}</td><td>${update.round}</td></tr>`,
  );
  return `<h3>Windows updates installed</h3><table><tr><th>KB</th><th>Title</th><th>Size</th><th>Round</th></tr>${rows.join('')}</table>`;
}
