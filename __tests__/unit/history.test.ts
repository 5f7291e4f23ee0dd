/** The build history: the time-left estimate, and a file that is bounded, private and survives corruption. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultHistoryDir,
  estimateRemainingMs,
  HISTORY_PER_KIND,
  kindKey,
  readHistory,
  recordBuild,
  type HistoryEntry,
} from '../../src/bake/history.js';
import { heartbeatLine, diskRate } from '../../src/vm/heartbeat.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KIND = kindKey({ os: 'w11', edition: 'Windows 11 Pro', accel: 'kvm', firmware: 'uefi-secure' });
const entry = (totalMs: number, phases: HistoryEntry['phases'], kind = KIND): HistoryEntry => ({
  kind,
  finishedAt: '2025-01-01T00:00:00.000Z',
  totalMs,
  phases,
});
const MIN = 60_000;

describe('estimateRemainingMs', () => {
  const builds = [
    entry(30 * MIN, { 'setup-files': 6 * MIN, 'setup-devices': 4 * MIN, oobe: 3 * MIN, compaction: 2 * MIN }),
    entry(40 * MIN, { 'setup-files': 9 * MIN, 'setup-devices': 6 * MIN, oobe: 3 * MIN, compaction: 2 * MIN }),
    entry(90 * MIN, {
      'setup-files': 40 * MIN,
      'setup-devices': 6 * MIN,
      oobe: 3 * MIN,
      compaction: 2 * MIN,
    }),
  ];

  it('is the rest of the current phase plus every later one, the median over the builds', () => {
    // Left per build, 2 min into setup-files: 4+4+3+2 = 13, 7+6+3+2 = 18, 38+6+3+2 = 49 → the median, 18.
    expect(estimateRemainingMs(builds, 'setup-files', 2 * MIN)).toBe(18 * MIN);
    // Past the usual length of the phase: only the later phases are left.
    expect(estimateRemainingMs(builds, 'oobe', 10 * MIN)).toBe(2 * MIN);
    expect(estimateRemainingMs(builds.slice(0, 2), 'compaction', 0)).toBe(2 * MIN);
  });

  it('is undefined without earlier builds', () => {
    expect(estimateRemainingMs([], 'boot', 0)).toBeUndefined();
  });
});

describe('the history file', () => {
  it('keeps the last builds of each kind and every other kind, written privately', () => {
    const file = path.join(dir, 'nested', 'history.json');
    const other = entry(
      5,
      { boot: 5 },
      kindKey({ os: 'w10', edition: 'Windows 10 Pro', accel: 'tcg', firmware: 'bios' }),
    );
    recordBuild(file, other);
    for (let total = 1; total <= HISTORY_PER_KIND + 3; total++)
      recordBuild(file, entry(total, { boot: total }));
    const kept = readHistory(file);
    expect(kept.filter((e) => e.kind === KIND).map((e) => e.totalMs)).toEqual([4, 5, 6, 7, 8]);
    expect(kept.filter((e) => e.kind !== KIND)).toEqual([other]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads a missing, corrupt or foreign file as empty, and drops entries that are not builds', () => {
    const file = path.join(dir, 'corrupt.json');
    expect(readHistory(path.join(dir, 'missing.json'))).toEqual([]);
    writeFileSync(file, '{"builds": [');
    expect(readHistory(file)).toEqual([]);
    writeFileSync(file, '[1, 2]');
    expect(readHistory(file)).toEqual([]);
    const good = entry(7, { oobe: 7 });
    writeFileSync(
      file,
      JSON.stringify({
        builds: [good, { kind: KIND }, entry(1, { nonsense: 1 } as never), entry(1, { oobe: -1 }), null],
      }),
    );
    expect(readHistory(file)).toEqual([good]);
    // A corrupt file is replaced by a good one on the next record.
    writeFileSync(file, 'garbage');
    recordBuild(file, good);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, builds: [good] });
  });

  it('throws when it cannot be written (the builder logs it and goes on)', () => {
    // A regular file where its directory should be: refused for root too.
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'not a directory');
    expect(() => recordBuild(path.join(blocker, 'history.json'), entry(2, { boot: 2 }))).toThrow(
      /ENOTDIR|EEXIST/,
    );
  });

  it("lives in the user's cache dir, never in the working directory", () => {
    expect(defaultHistoryDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/bake-windows-image');
    expect(defaultHistoryDir({ XDG_CACHE_HOME: 'relative' })).toBe(
      path.join(os.homedir(), '.cache', 'bake-windows-image'),
    );
    expect(defaultHistoryDir({})).toBe(path.join(os.homedir(), '.cache', 'bake-windows-image'));
  });
});

describe('the heartbeat line', () => {
  it('says the phase, elapsed time, reboots, disk written and its rate, and the time left when known', () => {
    expect(
      heartbeatLine({
        phase: 'OOBE',
        elapsedMs: 754_000,
        reboots: 2,
        diskBytes: 9.5 * 1024 ** 3,
        diskBytesPerSecond: 12 * 1024 ** 2,
        remainingMs: 270_000,
      }),
    ).toBe('OOBE: 12 min 34 s elapsed, 2 reboots, disk 9.5 GiB written (+12.0 MiB/s), about 4 min 30 s left');
    expect(heartbeatLine({ phase: 'firmware and boot prompt', elapsedMs: 3_000, reboots: 0 })).toBe(
      'firmware and boot prompt: 3.0 s elapsed, 0 reboots',
    );
    expect(heartbeatLine({ phase: 'x', elapsedMs: 0, reboots: 0, diskBytes: 1024 })).toBe(
      'x: 0 ms elapsed, 0 reboots, disk 1.0 KiB written',
    );
  });

  it('rates the disk between two samples', () => {
    expect(diskRate(undefined, 10, 1_000)).toBeUndefined();
    expect(diskRate({ bytes: 0, at: 0 }, 10 * 1024 ** 2, 2_000)).toBe(5 * 1024 ** 2);
    expect(diskRate({ bytes: 0, at: 5 }, 10, 5)).toBeUndefined();
  });
});

it('a build that boots a cached base is a kind of its own (it skips the install); a miss is not', () => {
  const kind = { os: 'w11', edition: 'Windows 11 Pro', accel: 'kvm', firmware: 'uefi' };
  expect(kindKey({ ...kind, fromBase: true })).toBe('w11|Windows 11 Pro|kvm|uefi|base');
  expect(kindKey({ ...kind, fromBase: false })).toBe(kindKey(kind));
});
