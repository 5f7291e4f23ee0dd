/** Where the action builds without an output: the roomiest real disk among the candidates. */
import { describe, expect, it } from '@jest/globals';
import { chooseBuildRoot, type PlacementCandidate } from '../../src/action/placement.js';

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
