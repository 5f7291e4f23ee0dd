/** Where the action builds without an output: the roomiest real disk among the candidates. */
import { describe, expect, it } from '@jest/globals';
import {
  chooseBuildRoot,
  claimableCandidate,
  claimCommands,
  type PlacementCandidate,
} from '../../src/action/placement.js';

const GB = 1e9;
const disk = (dir: string, freeGB: number, more: Partial<PlacementCandidate> = {}): PlacementCandidate => ({
  dir,
  why: 'test',
  writable: true,
  freeBytes: freeGB * GB,
  device: freeGB,
  ...more,
});

describe('chooseBuildRoot', () => {
  it("takes a hosted runner's /mnt over a small root disk", () => {
    expect(chooseBuildRoot([disk('/home/runner/work/_temp', 20), disk('/mnt', 66)])?.dir).toBe('/mnt');
  });

  it('keeps runner.temp when it has more, or as much', () => {
    expect(chooseBuildRoot([disk('/t', 90), disk('/mnt', 60)])?.dir).toBe('/t');
    expect(chooseBuildRoot([disk('/t', 50, { device: 1 }), disk('/mnt', 50, { device: 2 })])?.dir).toBe('/t');
  });

  it('skips what it cannot use: not writable, memory (tmpfs), unmeasured, the same filesystem again', () => {
    expect(chooseBuildRoot([disk('/t', 10), disk('/mnt', 60, { writable: false })])?.dir).toBe('/t');
    expect(chooseBuildRoot([disk('/t', 10), disk('/dev/shm', 60, { memoryBacked: true })])?.dir).toBe('/t');
    expect(chooseBuildRoot([disk('/t', 10), disk('/x', 0, { freeBytes: undefined, device: 9 })])?.dir).toBe(
      '/t',
    );
    // Same device: free space read twice may differ by a little; the first stands.
    expect(chooseBuildRoot([disk('/t', 10, { device: 7 }), disk('/mnt', 11, { device: 7 })])?.dir).toBe('/t');
    expect(chooseBuildRoot([disk('/t', 10, { writable: false })])).toBeUndefined();
  });
});

describe('claimableCandidate', () => {
  const choose = (candidates: PlacementCandidate[]) =>
    claimableCandidate(candidates, chooseBuildRoot(candidates))?.dir;

  it("claims a hosted runner's root-owned /mnt when it has more room than the writable disk", () => {
    expect(choose([disk('/t', 20), disk('/mnt', 66, { writable: false })])).toBe('/mnt');
    expect(choose([disk('/t', 20, { writable: false }), disk('/mnt', 10, { writable: false })])).toBe('/t');
  });

  it('leaves it when the writable disk has as much, or it is memory, unmeasured or the same filesystem', () => {
    expect(choose([disk('/t', 66), disk('/mnt', 66, { writable: false, device: 2 })])).toBeUndefined();
    expect(choose([disk('/t', 20), disk('/m', 60, { writable: false, memoryBacked: true })])).toBeUndefined();
    expect(
      choose([disk('/t', 20), disk('/m', 0, { writable: false, freeBytes: undefined })]),
    ).toBeUndefined();
    expect(
      choose([disk('/t', 20, { device: 7 }), disk('/m', 60, { writable: false, device: 7 })]),
    ).toBeUndefined();
  });
});

describe('claimCommands', () => {
  it('makes the directory and gives it to this user, through sudo -n with absolute paths', () => {
    const programs = { sudo: '/usr/bin/sudo', mkdir: '/usr/bin/mkdir', chown: '/usr/bin/chown' };
    expect(
      claimCommands('/mnt/bake-windows-image', programs, { uid: 1001, gid: 118 }).map((c) => c.argv),
    ).toEqual([
      ['/usr/bin/sudo', '-n', '/usr/bin/mkdir', '-p', '/mnt/bake-windows-image'],
      ['/usr/bin/sudo', '-n', '/usr/bin/chown', '1001:118', '/mnt/bake-windows-image'],
    ]);
  });
});
