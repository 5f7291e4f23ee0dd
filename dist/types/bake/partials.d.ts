/** A new suffix; the files of one build that belong together share it. */
export declare function partialSuffix(): string;
/** `dir/name` → `dir/.name.partial-<suffix>`. Pure. */
export declare function partialPath(file: string, suffix: string): string;
/** Whether the file name `name` is a partial of `file` (any build's). Pure. */
export declare function isPartialOf(name: string, file: string): boolean;
