/** Writes `text` to a sibling temporary file, then renames it over `file` (atomic on one filesystem). */
export declare function writeFileAtomic(file: string, text: string | Buffer, mode?: number): void;
/** Renames a directory out of the way first (to a hidden .NAME.trash-*), then removes it. */
export declare function removeDir(dir: string): void;
