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
export function chooseEvictions(
  files: readonly CachedFileRecord[],
  inUse: ReadonlySet<string>,
  maxBytes: number,
): string[] {
  let total = files.reduce((sum, file) => sum + file.size, 0);
  const oldestFirst = [...files].sort(
    (a, b) => Date.parse(a.lastUsedAt) - Date.parse(b.lastUsedAt) || a.sha256.localeCompare(b.sha256),
  );
  const evicted: string[] = [];
  for (const file of oldestFirst) {
    if (total <= maxBytes) break;
    if (inUse.has(file.sha256)) continue;
    evicted.push(file.sha256);
    total -= file.size;
  }
  return evicted;
}
