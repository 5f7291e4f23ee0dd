export interface ImageReference {
    /** host or host:port, as the user wrote it. */
    registry: string;
    repository: string;
    tag?: string;
}
/** `ghcr.io/owner/windows:tag` → its parts; throws a usage error naming what is wrong. */
export declare function parseReference(text: string): ImageReference;
/** Throws a usage error when `tag` is not a valid tag. */
export declare function checkTag(tag: string): string;
/** "Windows 11 Pro" → "windows-11-pro": lower case, [a-z0-9._-], runs of anything else made one hyphen. */
export declare function editionSlug(edition: string): string;
/** 2025-01-31 (UTC) → "20250131". */
export declare function dateStamp(date: Date): string;
/**
 * The tags to push: the ones given (the reference's and --tag's), or by default `<edition-slug>-<yyyymmdd>`
 * and the moving tag (latest, or nightly). Each is checked; duplicates go.
 */
export declare function chooseTags(given: readonly string[], { edition, date, moving }: {
    edition?: string;
    date: Date;
    moving?: string;
}): string[];
/** `host/repo:tag` for messages and outputs. */
export declare function formatReference(ref: ImageReference, tagOrDigest?: string): string;
