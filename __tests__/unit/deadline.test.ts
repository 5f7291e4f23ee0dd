/** The build's deadline (src/bake/deadline.ts): time spent waiting for room on the host is not the build's. */
import { describe, expect, it } from '@jest/globals';
import type { BuildContext } from '../../src/bake/context.js';
import { excludeWait, remainingMs, timeoutError, waitWithin } from '../../src/bake/deadline.js';

/** A build with a 30 s --build-timeout that started 60 s ago: without the wait excluded, it is out of time. */
function lateBuild(): BuildContext {
  const startedAt = Date.now() - 60_000;
  return {
    startedAt,
    deadline: startedAt + 30_000,
    signal: new AbortController().signal,
  } as BuildContext;
}

const never = new Promise<never>(() => undefined);

describe('the deadline and a wait for room on the host', () => {
  it('a build that waited longer than its timeout still has its time after the wait', async () => {
    const context = lateBuild();
    expect(remainingMs(context)).toBe(0);
    await expect(waitWithin(context, never, 10, 'installing')).rejects.toMatchObject({ code: 'timeout' });

    excludeWait(context, 55_000); // admitted 5 s ago after 55 s of waiting: 25 s of its 30 s left
    expect(context.deadline - context.startedAt).toBe(85_000);
    expect(remainingMs(context)).toBeGreaterThan(0);
    await expect(waitWithin(context, never, 10, 'installing')).resolves.toBeUndefined();
  });

  it('a timeout says how long the build ran, and that the wait was not counted', () => {
    const context = lateBuild();
    excludeWait(context, 55_000);
    expect(timeoutError(context, 'installing').message).toBe(
      'The build timed out after 30 s (not counting 55 s waiting for room on the host) while installing',
    );
    expect(timeoutError(lateBuild(), 'installing').message).toBe(
      'The build timed out after 30 s while installing',
    );
  });
});
