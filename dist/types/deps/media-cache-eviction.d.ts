/** Which cached media files go when the cache holds more than its limit. Pure. */
export interface CachedFileRecord {
    sha256: string;
    size: number;
    /** ISO 8601. */
    lastUsedAt: string;
}
/**
 * The files to remove so that the rest fit in `maxBytes`: least recently used first, never one in use. When
 * the files in use alone exceed the limit, everything else goes and the cache stays over it until they are free.
 */
export declare function chooseEvictions(files: readonly CachedFileRecord[], inUse: ReadonlySet<string>, maxBytes: number): string[];
