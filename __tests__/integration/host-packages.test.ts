/** apt-get as the action runs it: waiting for the dpkg lock, and errors that say what to do. */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { aptFailureHint, aptGetCommands, DPKG_LOCK_TIMEOUT_SECONDS } from '../../src/deps/host-packages.js';
import { findOnPath } from '../../src/tools/exec.js';

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

  const aptGet = findOnPath('apt-get');
  (aptGet ? it : it.skip)('form a command line the real apt-get runs (a simulated install)', () => {
    const install = aptGetCommands(['ca-certificates'])[1]!;
    // -s: simulate; the lock option must be understood, not rejected as unknown.
    const argv = [...install.slice(3, 5), '-s', ...install.slice(5)];
    execFileSync('apt-get', argv, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
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
