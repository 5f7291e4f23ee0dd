export declare function hashesFile(cacheDir: string): string;
/** The sha256 of each file (in order), from the memo where the file is unchanged, else hashed and memoised. */
export declare function memoisedSha256(cacheDir: string, files: readonly string[]): Promise<string[]>;
