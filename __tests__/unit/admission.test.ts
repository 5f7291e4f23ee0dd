/** The admission rule (src/bake/admission.ts): memory, vCPUs and disk, fits / wait / never, with the numbers. */
import { describe, expect, it } from '@jest/globals';
import {
  decideAdmission,
  memoryHeadroomBytes,
  oversubscribed,
  type AdmissionRequest,
  type HostState,
  type OtherBuild,
} from '../../src/bake/admission.js';
import { chooseVmSize } from '../../src/bake/host-resources.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const request: AdmissionRequest = {
  memoryMiB: 8192,
  cpus: 4,
  accel: 'kvm',
  diskBytes: 20 * GiB,
  device: '2049',
  dir: '/work/.bake-x',
};
const host: HostState = {
  memTotalBytes: 32 * GiB,
  memAvailableBytes: 30 * GiB,
  cpus: 8,
  freeBytes: 100 * GiB,
};
const other = (over: Partial<OtherBuild> = {}): OtherBuild => ({
  pid: 4242,
  buildId: 'b-1',
  memoryMiB: 8192,
  cpus: 4,
  device: '2049',
  untouchedMemoryBytes: 0,
  remainingDiskBytes: 0,
  ...over,
});

describe('decideAdmission', () => {
  it('admits a build that fits beside the others', () => {
    expect(decideAdmission(request, host, [other()])).toEqual({ verdict: 'fits' });
  });

  it('keeps 1 GiB or 10 % of MemTotal free, whichever is more', () => {
    expect(memoryHeadroomBytes(4 * GiB)).toBe(GiB);
    expect(memoryHeadroomBytes(40 * GiB)).toBe(4 * GiB);
  });

  it('waits when the reservations add up past MemTotal, and names them', () => {
    const small = { ...host, memTotalBytes: 14 * GiB, memAvailableBytes: 13 * GiB };
    const decision = decideAdmission(request, small, [other({ memoryMiB: 10240 })]);
    expect(decision).toMatchObject({ verdict: 'wait', blocking: [expect.objectContaining({ pid: 4242 })] });
    expect(decision.verdict !== 'fits' && decision.shortfalls).toEqual([
      'needs 8192 MiB memory; 14.0 GiB total, 10.0 GiB reserved by 1 other build (pid 4242), 1.4 GiB headroom',
    ]);
  });

  it("counts another guest's untouched memory against MemAvailable, its touched memory once", () => {
    // 30 GiB available; the other guest's 8 GiB already touched is out of MemAvailable: fits.
    expect(decideAdmission(request, { ...host, memAvailableBytes: 12 * GiB }, [other()]).verdict).toBe(
      'fits',
    );
    // The same, but its 8 GiB not touched yet: 8 + 3.2 headroom + 8 > 12 → wait.
    const decision = decideAdmission(request, { ...host, memAvailableBytes: 12 * GiB }, [
      other({ untouchedMemoryBytes: 8 * GiB }),
    ]);
    expect(decision.verdict).toBe('wait');
    expect(decision.verdict !== 'fits' && decision.shortfalls[0]).toBe(
      'needs 8192 MiB memory; 12.0 GiB available now, 8.0 GiB of it promised to 1 other build (pid 4242), 3.2 GiB headroom',
    );
  });

  it('never fits when the guest and the headroom exceed MemTotal, whatever else runs', () => {
    const decision = decideAdmission({ ...request, memoryMiB: 32768 }, host, [other()]);
    expect(decision.verdict).toBe('never');
    expect(decision.verdict !== 'fits' && decision.shortfalls[0]).toBe(
      'needs 32768 MiB memory; the host has 32.0 GiB in all, 3.2 GiB of it headroom',
    );
  });

  it('alone, short of MemAvailable but within MemTotal: goes ahead with a warning (page cache, other programs)', () => {
    const decision = decideAdmission(request, { ...host, memAvailableBytes: 6 * GiB }, []);
    expect(decision).toEqual({
      verdict: 'fits',
      warnings: [
        "needs 8192 MiB memory with 3.2 GiB headroom; 6.0 GiB available now (the rest of the host's 32.0 GiB is held by other programs or page cache): going ahead, the guest takes its memory as it touches it",
      ],
    });
    // Beside another build, the same shortfall waits for it.
    expect(decideAdmission(request, { ...host, memAvailableBytes: 6 * GiB }, [other()]).verdict).toBe('wait');
  });

  it('auto on an idle host of any size is admitted; a host too small even for the minimum never fits', () => {
    const sizes = [
      ...Array.from({ length: (64 * 1024 - 1024) / 128 + 1 }, (_, i) => (1024 + i * 128) * MiB),
      16_373_908 * 1024, // a 16 GB runner's MemTotal
      6 * GiB, // a 6 GiB pod
      5 * GiB + 1,
      4 * GiB - 4096,
    ];
    for (const memTotalBytes of sizes) {
      const size = chooseVmSize(
        { cpus: 'auto', memoryMiB: 'auto' },
        { cpus: 2, memoryTotalBytes: memTotalBytes },
      );
      // Idle: the host's own programs and page cache hold a tenth.
      const idle = { memTotalBytes, memAvailableBytes: memTotalBytes * 0.9, cpus: 2, freeBytes: 100 * GiB };
      const decision = decideAdmission(
        { ...request, memoryMiB: size.memoryMiB, cpus: size.cpus, accel: 'tcg' },
        idle,
        [],
      );
      const expected = memTotalBytes >= 1280 * MiB ? 'fits' : 'never';
      expect({ memTotalBytes, guest: size.memoryMiB, verdict: decision.verdict }).toEqual({
        memTotalBytes,
        guest: size.memoryMiB,
        verdict: expected,
      });
    }
    const tiny = decideAdmission(
      {
        ...request,
        memoryMiB: chooseVmSize({ cpus: 1, memoryMiB: 'auto' }, { cpus: 1, memoryTotalBytes: GiB }).memoryMiB,
      },
      { memTotalBytes: GiB, memAvailableBytes: GiB, cpus: 1, freeBytes: 100 * GiB },
      [],
    );
    expect(tiny.verdict !== 'fits' && tiny.shortfalls).toEqual([
      'needs 256 MiB memory; the host has 1.0 GiB in all, 1.0 GiB of it headroom',
    ]);
  });

  it('counts vCPUs against the CPUs × 2 under KVM and × 1 under TCG', () => {
    expect(decideAdmission({ ...request, cpus: 12 }, host, [other()]).verdict).toBe('fits');
    const kvm = decideAdmission({ ...request, cpus: 13 }, host, [other()]);
    expect(kvm.verdict !== 'fits' && kvm.shortfalls).toEqual([
      'needs 13 vCPUs; 8 host CPUs × 2 (kvm) = 16, 4 taken by 1 other build (pid 4242)',
    ]);
    expect(decideAdmission({ ...request, accel: 'tcg' }, host, [other()]).verdict).toBe('fits');
    expect(decideAdmission({ ...request, accel: 'tcg', cpus: 5 }, host, [other()]).verdict).toBe('wait');
    // Alone, more vCPUs than the budget run (slowly): CPUs are time-shared; with another build, it waits.
    expect(decideAdmission({ ...request, accel: 'tcg', cpus: 9 }, host, [])).toEqual({ verdict: 'fits' });
    expect(decideAdmission({ ...request, accel: 'tcg', cpus: 9 }, host, [other({ cpus: 1 })]).verdict).toBe(
      'wait',
    );
    expect(oversubscribed({ accel: 'tcg', cpus: 9 }, 8)).toBe(
      '9 vCPUs on 8 host CPUs under tcg (at most 8): the guest runs slower than with --cpus 8',
    );
    expect(oversubscribed({ accel: 'kvm', cpus: 9 }, 8)).toBeUndefined();
  });

  it("subtracts what builds on the same filesystem have yet to write, not the others'", () => {
    const tight = { ...host, freeBytes: 30 * GiB };
    expect(
      decideAdmission(request, tight, [other({ remainingDiskBytes: 15 * GiB, device: '99' })]).verdict,
    ).toBe('fits');
    const decision = decideAdmission(request, tight, [other({ remainingDiskBytes: 15 * GiB })]);
    expect(decision.verdict !== 'fits' && decision.shortfalls).toEqual([
      'needs 20.0 GiB disk in /work/.bake-x; 30.0 GiB free, 15.0 GiB of it still to be written by 1 other build (pid 4242)',
    ]);
    expect(decision.verdict).toBe('wait');
    expect(decideAdmission(request, { ...host, freeBytes: 10 * GiB }, []).verdict).toBe('never');
  });

  it('waits for exactly the builds in its way', () => {
    const elsewhere = other({
      pid: 1,
      buildId: 'elsewhere',
      device: '99',
      memoryMiB: 0,
      cpus: 0,
      remainingDiskBytes: 50 * GiB,
    });
    const here = other({ pid: 2, buildId: 'here', remainingDiskBytes: 90 * GiB, memoryMiB: 0, cpus: 0 });
    const decision = decideAdmission(request, host, [elsewhere, here]);
    expect(decision).toMatchObject({ verdict: 'wait', blocking: [expect.objectContaining({ pid: 2 })] });
    expect(decision.verdict !== 'fits' && decision.blocking).toHaveLength(1);
  });
});
