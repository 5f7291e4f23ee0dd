/** Process identity (src/tools/process-identity.ts): a pid counts as the same process only with its start time. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { currentProcess, isAlive, processStartTime } from '../../src/tools/process-identity.js';

describe('isAlive', () => {
  it('knows this process, by pid and start time', () => {
    const me = currentProcess();
    expect(me.startTime).toMatch(/^\d+$/);
    expect(isAlive(me)).toBe(true);
  });

  it('does not take a recycled pid (another start time) for the process', () => {
    expect(isAlive({ pid: process.pid, startTime: `${Number(processStartTime(process.pid)) + 1}` })).toBe(
      false,
    );
  });

  it('knows a process that has ended is gone', () => {
    const ended = spawnSync(process.execPath, ['-e', '0']);
    expect(isAlive({ pid: ended.pid })).toBe(false);
  });

  it.each([0, -1, 1.5, NaN])('refuses pid %p', (pid) => {
    expect(isAlive({ pid })).toBe(false);
  });
});
