export type PathWait = 'appeared' | 'timeout' | 'ended' | 'aborted';
export declare function waitForPath(file: string, options: {
    timeoutMs: number;
    until?: Promise<unknown>;
    signal?: AbortSignal;
}): Promise<PathWait>;
