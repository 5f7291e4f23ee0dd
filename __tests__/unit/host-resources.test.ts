/** The VM's size from the host (memory and cpus `auto`), and how `auto` parses beside numbers. */
import { describe, expect, it } from '@jest/globals';
import { chooseVmSize, hostCpus, hostMemory } from '../../src/bake/host-resources.js';
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
