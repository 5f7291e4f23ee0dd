/** The VM's size from the host (memory and cpus `auto`), and how `auto` parses beside numbers. */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cgroupBytes,
  cgroupLimits,
  cgroupPaths,
  chooseVmSize,
  cpuMaxQuota,
  hostCpus,
  hostMemory,
} from '../../src/bake/host-resources.js';
import { optionsFromStrings, resolveOptions } from '../../src/bake/validate.js';

const GiB = 1024 * 1024 * 1024;
const auto = { cpus: 'auto', memoryMiB: 'auto' } as const;

describe('chooseVmSize', () => {
  it.each([
    // host CPUs, host memory (GiB), vCPUs, guest MiB
    [4, 16, 4, 12288], // a standard GitHub-hosted runner: the host keeps 4 GiB
    [2, 7, 2, 5120], // the old 2-CPU runner: keeps 2 GiB
    [64, 256, 8, 16384], // a big host: the caps
    [16, 32, 8, 16384], // 32 - 8 = 24 GiB, capped
    [2, 6, 2, 4096], // 6 - 2 = 4 GiB: exactly the floor
    [2, 5, 2, 4096], // 5 - 2 = 3 GiB: raised to 4 GiB, the host keeps 1
    [1, 4, 1, 3072], // 4 GiB host: no 4 GiB to give, the host keeps 1
    [1, 1, 1, 256], // tiny: never below the option's minimum
  ])('%i CPUs, %i GiB → %i vCPUs, %i MiB', (cpus, memoryGiB, vcpus, memoryMiB) => {
    const size = chooseVmSize(auto, { cpus, memoryTotalBytes: memoryGiB * GiB });
    expect({ cpus: size.cpus, memoryMiB: size.memoryMiB }).toEqual({ cpus: vcpus, memoryMiB });
  });

  it('rounds an odd MemTotal down to 256 MiB and says how it chose', () => {
    // A 16 GB runner reports a little less than 16 GiB.
    const size = chooseVmSize(auto, { cpus: 4, memoryTotalBytes: 16_373_908 * 1024 });
    expect(size.memoryMiB % 256).toBe(0);
    expect(size.memoryMiB).toBe(11776);
    expect(size.why.memoryMiB).toMatch(/^auto: 11776 of 15990 MiB host memory/);
    expect(size.why.cpus).toBe('auto: 4 of 4 host CPUs (at most 8)');
  });

  it('keeps numbers given, whatever the host', () => {
    const size = chooseVmSize({ cpus: 12, memoryMiB: 30000 }, { cpus: 2, memoryTotalBytes: 4 * GiB });
    expect(size).toMatchObject({ cpus: 12, memoryMiB: 30000 });
    expect(size.why.cpus).toBe('given (host has 2)');
  });

  it('reads this host', () => {
    expect(hostCpus()).toBeGreaterThanOrEqual(1);
    expect(hostMemory().totalBytes).toBeGreaterThan(hostMemory().availableBytes);
  });
});

describe('auto for memory and cpus', () => {
  const media = { iso: 'a.iso', 'virtio-win-iso': 'b.iso', output: 'c.qcow2' };
  it('is the default and parses from any caller', () => {
    expect(optionsFromStrings(media, 'cli')).toMatchObject({ memoryMiB: 'auto', cpus: 'auto' });
    expect(optionsFromStrings({ ...media, memory: ' AUTO ', cpus: '6' }, 'action')).toMatchObject({
      memoryMiB: 'auto',
      cpus: 6,
    });
    expect(
      resolveOptions({ iso: 'a.iso', virtioWinIso: 'b.iso', output: 'c.qcow2', memoryMiB: 'auto', cpus: 2 }),
    ).toMatchObject({ memoryMiB: 'auto', cpus: 2 });
  });

  it('is refused where the option is a plain number', () => {
    expect(() =>
      resolveOptions({ iso: 'a', virtioWinIso: 'b', output: 'c', diskSizeMiB: 'auto' as never }),
    ).toThrow(/diskSizeMiB: auto is not a whole number/);
  });
});

describe('cgroup limits: a container or a Kubernetes pod sees the machine in /proc, not its own limits', () => {
  const write = (root: string, file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const tree = (files: Record<string, string>): { root: string; self: string } => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cgroup-'));
    for (const [file, text] of Object.entries(files)) write(root, file, text);
    return { root: path.join(root, 'sys'), self: path.join(root, 'self-cgroup') };
  };
  const meminfo = (totalGiB: number, availableGiB: number): string => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'meminfo-')), 'meminfo');
    writeFileSync(file, `MemTotal: ${totalGiB * 1048576} kB\nMemAvailable: ${availableGiB * 1048576} kB\n`);
    return file;
  };

  it('cgroup v2 in a pod: memory.max and cpu.max bound the host (a 6 GiB, 3.5-CPU pod on a 64 GiB node)', () => {
    const { root, self } = tree({
      'self-cgroup': '0::/\n',
      'sys/cgroup.controllers': 'cpu memory\n',
      'sys/memory.max': `${6 * GiB}\n`,
      // 3 GiB used, 2 GiB of it inactive file cache (the ISO just downloaded): the kernel reclaims that.
      'sys/memory.current': `${3 * GiB}\n`,
      'sys/memory.stat': `anon ${GiB}\nfile ${2 * GiB}\nactive_file 0\ninactive_file ${2 * GiB}\n`,
      'sys/cpu.max': '350000 100000\n',
    });
    const limits = cgroupLimits(root, self);
    expect(limits).toEqual({
      memoryLimitBytes: 6 * GiB,
      memoryUsedBytes: 3 * GiB,
      memoryReclaimableBytes: 2 * GiB,
      cpuQuota: 3.5,
    });
    expect(hostMemory(meminfo(64, 60), limits)).toEqual({ totalBytes: 6 * GiB, availableBytes: 5 * GiB });
    expect(hostCpus(limits)).toBe(Math.min(4, os.availableParallelism()));
    // And auto sizes the guest from the pod, not the node: 6 - 2 = 4 GiB.
    expect(chooseVmSize(auto, { cpus: 4, memoryTotalBytes: 6 * GiB }).memoryMiB).toBe(4096);
  });

  it('cgroup v2 with no limits ("max"), and the process in a nested cgroup', () => {
    const { root, self } = tree({
      'self-cgroup': '0::/runner/job\n',
      'sys/cgroup.controllers': 'cpu memory\n',
      'sys/runner/job/memory.max': 'max\n',
      'sys/runner/job/cpu.max': 'max 100000\n',
    });
    expect(cgroupLimits(root, self)).toEqual({});
    expect(hostMemory(meminfo(16, 12), {})).toEqual({ totalBytes: 16 * GiB, availableBytes: 12 * GiB });
  });

  it('cgroup v1: per-controller paths, and v1 "unlimited" is no limit', () => {
    const limited = tree({
      'self-cgroup': '4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n0::/\n',
      'sys/memory/docker/abc/memory.limit_in_bytes': `${8 * GiB}\n`,
      'sys/memory/docker/abc/memory.usage_in_bytes': `${2 * GiB}\n`,
      // v1: the hierarchy's total_ counter, not the cgroup's own inactive_file.
      'sys/memory/docker/abc/memory.stat': `inactive_file 7\ntotal_inactive_file ${GiB}\n`,
      'sys/cpu/docker/abc/cpu.cfs_quota_us': '200000\n',
      'sys/cpu/docker/abc/cpu.cfs_period_us': '100000\n',
    });
    const limits = cgroupLimits(limited.root, limited.self);
    expect(limits).toEqual({
      memoryLimitBytes: 8 * GiB,
      memoryUsedBytes: 2 * GiB,
      memoryReclaimableBytes: GiB,
      cpuQuota: 2,
    });
    expect(hostMemory(meminfo(64, 60), limits)).toEqual({ totalBytes: 8 * GiB, availableBytes: 7 * GiB });
    const unlimited = tree({
      'self-cgroup': '4:memory:/\n',
      'sys/memory/memory.limit_in_bytes': '9223372036854771712\n',
      'sys/cpu/cpu.cfs_quota_us': '-1\n',
      'sys/cpu/cpu.cfs_period_us': '100000\n',
    });
    expect(cgroupLimits(unlimited.root, unlimited.self).memoryLimitBytes).toBeUndefined();
    expect(cgroupLimits(unlimited.root, unlimited.self).cpuQuota).toBeUndefined();
  });

  it('parses the files', () => {
    expect(cgroupPaths('12:cpu,cpuacct:/a\n0::/b\n')).toEqual(
      new Map([
        ['cpu', '/a'],
        ['cpuacct', '/a'],
        ['', '/b'],
      ]),
    );
    expect(cpuMaxQuota('max 100000')).toBeUndefined();
    expect(cpuMaxQuota('50000 100000')).toBe(0.5);
    expect(cgroupBytes('max')).toBeUndefined();
    expect(cgroupBytes('1048576\n')).toBe(1048576);
  });
});
