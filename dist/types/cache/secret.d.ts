export declare const SECRET_BYTES = 32;
/** The cache's secret, created on first use. Written beside and linked into place: never seen half-written. */
export declare function cacheSecret(cacheDir: string): Buffer;
