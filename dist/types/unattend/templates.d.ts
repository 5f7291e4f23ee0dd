export declare function checkText(values: Record<string, unknown>): void;
/**
 * The repository's templates/ folder, found by walking up from this module: that is src/unattend/ under
 * jest and tsc, dist/ in the bundle. The path is built from variables so that ncc does not inline it.
 */
export declare function templatesDir(): string;
export declare function readTemplate(name: string): string;
