/** The readiness logic with fake timers and scripted SSH answers: every way a guest becomes ready or not. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BuildError } from '../../src/errors.js';
import { SshError } from '../../src/guest/ssh.js';
import { GUEST_FAILURE_PREFIX, READY_SIGNAL } from '../../src/unattend/guest-contract.js';
import { ReadinessWatcher, type ReadinessTimings } from '../../src/vm/readiness.js';

const timings: ReadinessTimings = {
  sshPollMs: 20_000,
  sshRetryAfterReadyMs: 1_000,
  sshUnreachableAfterReadyMs: 180_000,
};
const unreachable = () => new SshError('unreachable', 'connect ECONNREFUSED 127.0.0.1:2222');

type SshAnswer = boolean | SshError;

/** A watcher whose SSH answers come from `answers` in turn (the last one repeats). */
function watcher(answers: SshAnswer[], options: { log?: string | Error; secureBoot?: boolean } = {}) {
  const calls = { marker: 0, log: 0 };
  const infos: string[] = [];
  const instance = new ReadinessWatcher({
    timings,
    markerPresent: async () => {
      const answer = answers[Math.min(calls.marker++, answers.length - 1)]!;
      if (answer instanceof SshError) throw answer;
      return answer;
    },
    fetchGuestLog: async () => {
      calls.log++;
      const log = options.log ?? new SshError('unreachable', 'connection refused');
      if (log instanceof Error) throw log;
      return log;
    },
    installerMustBoot: () => options.secureBoot ?? false,
    info: (message) => infos.push(message),
    debug: () => undefined,
    username: 'baker',
  });
  const outcome = instance.result.then(
    (at) => ({ ready: at }),
    (error: BuildError) => ({ error }),
  );
  return { instance, calls, infos, outcome };
}

/** Runs timers and the promise jobs they start until nothing is left within `ms`. */
async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('ReadinessWatcher', () => {
  it('the ready line is confirmed over SSH at once, not at the next poll', async () => {
    const { instance, calls, outcome, infos } = watcher([true]);
    instance.onLine(`noise ${READY_SIGNAL}`);
    await advance(0);
    expect(await outcome).toHaveProperty('ready');
    expect(calls.marker).toBe(1);
    expect(infos).toContain('Confirmed over SSH as baker (ready signal)');
  });

  it('without a ready line, an SSH poll finds the marker', async () => {
    const { calls, outcome } = watcher([unreachable(), unreachable(), true]);
    await advance(timings.sshPollMs * 2);
    expect(calls.marker).toBe(2);
    await advance(timings.sshPollMs);
    expect(await outcome).toHaveProperty('ready');
  });

  it('sshd starting after the ready line: retried every second until it answers', async () => {
    const { instance, calls, outcome } = watcher([unreachable(), unreachable(), unreachable(), true]);
    instance.onLine(READY_SIGNAL);
    await advance(2_500);
    expect(calls.marker).toBe(3);
    await advance(1_000);
    expect(await outcome).toHaveProperty('ready');
  });

  it('ready line, then SSH unreachable for the bound: ssh-unreachable with the last SSH error', async () => {
    const { instance, outcome } = watcher([unreachable()]);
    await advance(60_000); // polls before the line do not count
    instance.onLine(READY_SIGNAL);
    await advance(timings.sshUnreachableAfterReadyMs - 1_000);
    let settled = false;
    void outcome.then(() => (settled = true));
    await advance(0);
    expect(settled).toBe(false);
    await advance(1_000);
    const { error } = (await outcome) as { error: BuildError };
    expect(error.code).toBe('ssh-unreachable');
    expect(error.message).toMatch(/did not answer within 180 s \(last attempt: connect ECONNREFUSED/);
  });

  it('a refused password fails at once, from a poll or after the ready line', async () => {
    const auth = new SshError('auth', 'the guest refused the password for "baker"');
    const polled = watcher([auth]);
    await advance(timings.sshPollMs);
    expect(((await polled.outcome) as { error: BuildError }).error.code).toBe('ssh-auth');
    const signalled = watcher([auth]);
    signalled.instance.onLine(READY_SIGNAL);
    await advance(0);
    expect(((await signalled.outcome) as { error: BuildError }).error.code).toBe('ssh-auth');
  });

  it('a ready line without the marker is a failed first logon', async () => {
    const { instance, outcome } = watcher([false]);
    instance.onLine(READY_SIGNAL);
    await advance(0);
    const { error } = (await outcome) as { error: BuildError };
    expect(error.code).toBe('vm-failed');
    expect(error.message).toMatch(/smolvm-ready\.txt is not there/);
  });

  it('a failed guest step fails at once, with the log tail when SSH answers', async () => {
    const log = Array.from(
      { length: 30 },
      (_, i) => `2026-12-02T10:00:${String(i).padStart(2, '0')} line ${i}`,
    );
    const { instance, outcome, calls } = watcher([unreachable()], { log: log.join('\r\n') + '\r\n' });
    instance.onLine(
      `${GUEST_FAILURE_PREFIX}virtio-win guest tools: E:\\virtio-win-guest-tools.exe exited with code 1603`,
    );
    await advance(0);
    const { error } = (await outcome) as { error: BuildError };
    expect(error.code).toBe('guest-step-failed');
    expect(error.message).toMatch(
      /failed at "virtio-win guest tools": E:\\virtio-win-guest-tools\.exe exited with code 1603/,
    );
    expect(error.message).toContain('line 29');
    expect(error.message).toContain('line 10');
    expect(error.message).not.toContain('line 9\n');
    expect(calls.log).toBe(1);
  });

  it('a failed guest step without SSH says why the log could not be fetched', async () => {
    const { instance, outcome } = watcher([unreachable()]);
    instance.onLine(
      `${GUEST_FAILURE_PREFIX}start sshd: Service 'OpenSSH SSH Server (sshd)' cannot be started`,
    );
    await advance(0);
    const { error } = (await outcome) as { error: BuildError };
    expect(error.code).toBe('guest-step-failed');
    expect(error.message).toMatch(/failed at "start sshd": Service 'OpenSSH SSH Server \(sshd\)'/);
    expect(error.message).toMatch(/could not be fetched over SSH: connection refused/);
  });

  it('a ready line after a failure line changes nothing', async () => {
    let release!: (text: string) => void;
    const instance = new ReadinessWatcher({
      timings,
      markerPresent: async () => true,
      fetchGuestLog: () => new Promise((resolve) => (release = resolve)),
      installerMustBoot: () => false,
      info: () => undefined,
      debug: () => undefined,
      username: 'baker',
    });
    const outcome = instance.result.catch((error: BuildError) => error);
    instance.onLine(`${GUEST_FAILURE_PREFIX}hibernation off: powercfg.exe /hibernate off exited with 1`);
    instance.onLine(READY_SIGNAL);
    await advance(10);
    release('log');
    expect(((await outcome) as BuildError).code).toBe('guest-step-failed');
  });

  it('Secure Boot refusing the installer fails at once, only while the installer must boot', async () => {
    const refused =
      'BdsDxe: failed to load Boot0001 "UEFI QEMU DVD-ROM QM00001 " from PciRoot(0x0): Access Denied';
    const later = watcher([unreachable()], { secureBoot: false });
    later.instance.onLine(refused);
    await advance(timings.sshPollMs * 3);
    let settled = false;
    void later.outcome.then(() => (settled = true));
    await advance(0);
    expect(settled).toBe(false);
    later.instance.stop();

    const first = watcher([unreachable()], { secureBoot: true });
    first.instance.onLine(refused);
    expect(((await first.outcome) as { error: BuildError }).error.code).toBe('boot-refused');
  });

  it('fail() from outside (deadline, cancel, QEMU exit) ends the wait and stops polling', async () => {
    const { instance, calls, outcome } = watcher([unreachable()]);
    instance.fail(new BuildError('cancelled', 'The build was cancelled'));
    expect(((await outcome) as { error: BuildError }).error.code).toBe('cancelled');
    await advance(timings.sshPollMs * 5);
    expect(calls.marker).toBe(0);
  });
});
