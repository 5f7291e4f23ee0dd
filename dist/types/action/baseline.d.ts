import type { InstalledUpdate } from '../bake/context.js';
import type { BuiltImage } from './summary.js';
/**
 * The `base-cache` input → the build's baseCache: a path as given; `false` none; empty: a directory under the
 * runner's tool cache on a self-hosted runner (it survives between jobs; a GitHub-hosted runner's does not).
 * Pure.
 */
export declare function baseCacheSetting(input: string, env: NodeJS.ProcessEnv): string | undefined;
/** `base`, `base-key`, `updates-installed` and `updates` (a JSON list); empty when the build had none. */
export declare function setBaselineOutputs(result: BuiltImage): void;
/** Rows for the summary's image table (plain text; the summary escapes them). Pure. */
export declare function baselineRows(result: BuiltImage): string[][];
/** The installed updates as an HTML table for the summary, `escape` applied to every text. Pure. */
export declare function updatesHtml(updates: readonly InstalledUpdate[], escape: (text: string) => string): string;
