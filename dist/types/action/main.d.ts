export declare function runMain(signal: AbortSignal): Promise<void>;
/** The URL a HEAD request ends at after redirects; the URL itself when that cannot be found out. */
export declare function resolveRedirects(url: string, signal: AbortSignal): Promise<string>;
