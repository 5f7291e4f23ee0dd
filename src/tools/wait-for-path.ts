/**
 * Waits for a file (a unix socket a child creates) to appear: told by inotify on its directory, not by
 * polling. Ends early when `until` settles (the child exited) or `signal` aborts.
 */
import { existsSync, watch } from 'node:fs';
import path from 'node:path';

export type PathWait = 'appeared' | 'timeout' | 'ended' | 'aborted';

export function waitForPath(
  file: string,
  options: { timeoutMs: number; until?: Promise<unknown>; signal?: AbortSignal },
): Promise<PathWait> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: PathWait): void => {
      if (done) return;
      done = true;
      watcher.close();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => finish('aborted');
    // Watch first, then look: a file made in between is still seen.
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file)) finish('appeared');
    });
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    void options.until?.then(
      () => finish(existsSync(file) ? 'appeared' : 'ended'),
      () => finish('ended'),
    );
    if (options.signal?.aborted) finish('aborted');
    else if (existsSync(file)) finish('appeared');
  });
}
