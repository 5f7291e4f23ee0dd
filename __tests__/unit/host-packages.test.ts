/** apt-get as the action runs it: waiting for the dpkg lock, and errors that say what to do (pure decisions). */
import { describe, expect, it } from '@jest/globals';
import { aptFailureHint, aptGetCommands, DPKG_LOCK_TIMEOUT_SECONDS } from '../../src/deps/host-packages.js';

describe('apt-get commands', () => {
  it('wait for the dpkg lock and ask nothing', () => {
    const [update, install] = aptGetCommands(['qemu-utils', 'swtpm']);
    for (const command of [update!, install!]) {
      expect(command.slice(0, 5)).toEqual([
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        '-o',
        `DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_SECONDS}`,
      ]);
    }
    expect(install!.slice(5)).toEqual([
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      'qemu-utils',
      'swtpm',
    ]);
  });
});

describe('aptFailureHint', () => {
  it('the lock: what holds it and what to do', () => {
    const hint = aptFailureHint(
      'apt-get exited with code 100: E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (unattended-upgr)',
      false,
    );
    expect(hint).toMatch(/waited 300 s for the dpkg lock/);
    expect(hint).toMatch(/sudo systemctl stop unattended-upgrades/);
  });

  it('an interrupted dpkg: the command that repairs it', () => {
    const hint = aptFailureHint(
      "E: dpkg was interrupted, you must manually run 'dpkg --configure -a' to correct the problem.",
      true,
    );
    expect(hint).toMatch(/'dpkg --configure -a'/);
    expect(hint).not.toMatch(/sudo/);
  });

  it('anything else is left to the general hint', () => {
    expect(aptFailureHint('E: Unable to locate package swtpm-tools', false)).toBeUndefined();
  });
});
