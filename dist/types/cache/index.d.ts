/** The base cache's API for the build (notes/nightly-baseline.md, "Base cache layout"). */
export { BaseCache, type CachedBase, type LookupResult, type StoreSources } from './base-cache.js';
export type { BaseRecord } from './base-record.js';
export { DEFAULT_STALE_MS, type LockOptions } from './build-lock.js';
export type { EvictedBase, EvictLimits } from './evict.js';
export { memoisedSha256 } from './file-hashes.js';
export { baseKey, canonicalJson, type BaseKey, type BaseKeyInputs, type BaseKeySecrets, type RecordedInputs, type RenderedFile, } from './key.js';
export { cacheSecret } from './secret.js';
