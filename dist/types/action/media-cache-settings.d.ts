export interface MediaCacheSettings {
    /** The cache's directory (absolute). */
    dir: string;
    /** Eviction keeps the cached files' total at or under this many bytes. */
    maxBytes: number;
}
export declare const DEFAULT_MEDIA_CACHE_MAX_BYTES: number;
/** The runner's variables this depends on. */
export interface RunnerEnv {
    RUNNER_ENVIRONMENT?: string;
    RUNNER_TOOL_CACHE?: string;
}
/**
 * `media-cache`: empty = the default (RUNNER_TOOL_CACHE/bake-windows-image/media, except on GitHub-hosted
 * runners and without a tool cache); `true` = that default directory even on a GitHub-hosted runner; `false`
 * = no local cache; anything else is the directory. Undefined: no local cache.
 */
export declare function mediaCacheSettings(cacheInput: string, maxSizeInput: string, env: RunnerEnv): MediaCacheSettings | undefined;
/** `20G`, `20 GiB`, `512M`, `1073741824` → bytes (binary units); at least 1 byte. Pure. */
export declare function parseByteSize(text: string, subject: string): number;
