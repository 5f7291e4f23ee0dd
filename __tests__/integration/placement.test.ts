/**
 * The action's placement and space check on real filesystems: two small ext4 images loop-mounted (root
 * only), one with more room, and a tmpfs, which is memory and never chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkSpaceBeforeDownload,
  measureCandidates,
  placeBuild,
  spaceNeeds,
} from '../../src/action/placement.js';
import { isRoot, tempDir } from '../support/cli.js';

let dir: string;
const mounts: string[] = [];

function mount(name: string, args: string[]): string {
  const at = path.join(dir, name);
  mkdirSync(at);
  execFileSync('mount', [...args, at]);
  mounts.push(at);
  return at;
}

function ext4(name: string, mib: number): string {
  const image = path.join(dir, `${name}.img`);
  execFileSync('truncate', ['-s', `${mib}M`, image]);
  execFileSync('mkfs.ext4', ['-q', '-m', '0', image]);
  return mount(name, ['-o', 'loop', image]);
}

(isRoot ? describe : describe.skip)('placement on real filesystems', () => {
  let small: string;
  let large: string;
  let memory: string;
  beforeAll(() => {
    dir = tempDir('placement');
    small = ext4('small', 32);
    large = ext4('large', 96);
    memory = mount('memory', ['-t', 'tmpfs', '-o', 'size=512m', 'tmpfs']);
  });
  afterAll(() => {
    for (const at of mounts.reverse()) execFileSync('umount', [at]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds on the filesystem with the most free space, never in memory', () => {
    const measured = measureCandidates(small, [memory, large]);
    expect(measured.find((c) => c.dir === memory)?.memoryBacked).toBe(true);
    const root = placeBuild(small, [memory, large]);
    expect(path.dirname(root)).toBe(large);
  });

  it('says the numbers when a filesystem cannot hold the build and its media', () => {
    const output = path.join(large, 'out', 'windows.qcow2');
    const needs = spaceNeeds(
      {
        diskSizeMiB: 40,
        windowsUpdate: false,
        os: 'w11',
        edition: 'Windows 11 Pro',
        output,
        workDir: undefined,
      },
      [
        {
          target: path.join(small, 'downloads', 'windows.iso'),
          bytes: 64 * 1024 * 1024,
          what: 'the Windows ISO',
        },
      ],
    );
    // The build's 40 MiB twice on the large one; the ISO on the small one.
    expect(needs.map((n) => [n.dir, n.bytes / 1024 / 1024, n.what])).toEqual([
      [large, 80, ['the build (Windows 11)']],
      [small, 64, ['the Windows ISO']],
    ]);
    expect(() => checkSpaceBeforeDownload(needs)).toThrow(
      /Not enough free space for this build: .*small: 64.0 MiB needed \(the Windows ISO\), \d+(\.\d)? MiB free/,
    );
    // A file already there takes no more room.
    writeFileSync(path.join(large, 'there.iso'), '');
    expect(() =>
      checkSpaceBeforeDownload(
        spaceNeeds(
          { diskSizeMiB: 40, windowsUpdate: false, os: 'w11', edition: 'x', output, workDir: undefined },
          [{ target: path.join(large, 'there.iso'), bytes: 64 * 1024 * 1024, what: 'the ISO' }],
        ),
      ),
    ).not.toThrow();
  });
});
