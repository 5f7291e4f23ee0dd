/**
 * The action's placement and space check on real filesystems: two small ext4 images loop-mounted (root
 * only), one with more room, and a tmpfs, which is memory and never chosen.
 * And as a hosted runner's user sees it: the roomier one is root-owned, as /mnt is; placement runs as
 * `nobody` (the sources transpiled) and claims a directory there through Debian's real sudo, with a sudoers
 * drop-in allowing exactly those two commands; as `daemon`, whom sudo refuses, it stays on the small one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkSpaceBeforeDownload,
  measureCandidates,
  placeBuild,
  spaceNeeds,
} from '../../src/action/placement.js';
import { isRoot, runCli, tempDir } from '../support/cli.js';
import { transpileForNode } from '../support/transpiled.js';

const NOBODY = { uid: 65534, gid: 65534 };
/** Not in the sudoers drop-in: sudo -n refuses it. */
const DAEMON = { uid: 1, gid: 1 };
const canSudo = isRoot && existsSync('/usr/bin/sudo') && existsSync('/etc/sudoers.d');

let dir: string;
let sudoers: string | undefined;
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
    if (sudoers) rmSync(sudoers, { force: true });
    for (const at of mounts.reverse()) execFileSync('umount', [at]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds on the filesystem with the most free space, never in memory', async () => {
    const measured = measureCandidates(small, [memory, large]);
    expect(measured.find((c) => c.dir === memory)?.memoryBacked).toBe(true);
    const root = await placeBuild(small, [memory, large]);
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

  (canSudo ? describe : describe.skip)('as a runner user, with a root-owned roomier disk (/mnt)', () => {
    let entry: string;
    let runnerTemp: string;
    let claimed: string;
    beforeAll(() => {
      chmodSync(dir, 0o755);
      entry = transpileForNode('src/action/placement.ts', path.join(dir, 'code'));
      writeFileSync(
        path.join(dir, 'driver.mjs'),
        `const { placeBuild } = await import(process.argv[2]);
const [runnerTemp, ...extra] = process.argv.slice(3);
console.log('RESULT ' + (await placeBuild(runnerTemp, extra)));
`,
      );
      runnerTemp = path.join(small, 'runner-temp');
      mkdirSync(runnerTemp);
      chmodSync(runnerTemp, 0o1777);
      claimed = path.join(large, 'bake-windows-image');
      sudoers = path.join('/etc/sudoers.d', `bwi-placement-test-${process.pid}`);
      // sudoers wants ':' in an argument escaped.
      const allowed = [`/usr/bin/mkdir -p ${claimed}`, `/usr/bin/chown 65534\\:65534 ${claimed}`];
      writeFileSync(sudoers, `nobody ALL=(root) NOPASSWD: ${allowed.join(', ')}\n`, { mode: 0o440 });
      execFileSync('visudo', ['-cf', sudoers]);
    });

    const placeAs = async (user: { uid: number; gid: number }) => {
      const run = await runCli([entry, runnerTemp, large], {
        ...user,
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', HOME: dir },
        script: path.join(dir, 'driver.mjs'),
      });
      expect(run.stderr).toBe('');
      return { ...run, placed: run.stdout.match(/^RESULT (.*)$/m)?.[1] };
    };

    it('without sudo, says so and builds on the writable disk, creating nothing on the other', async () => {
      expect(statSync(large).uid).toBe(0);
      const run = await placeAs(DAEMON);
      expect(path.dirname(run.placed!)).toBe(runnerTemp);
      expect(run.stdout).toContain(`${large} (candidate): `);
      expect(run.stdout).toMatch(/not writable by this user/);
      expect(run.stdout).toMatch(
        new RegExp(`${large} has the most free space but is not writable, and sudo -n refused \\(.*password`),
      );
      expect(existsSync(claimed)).toBe(false);
    });

    it("makes a directory of the user's there through sudo -n and builds in it; next time, without sudo", async () => {
      const run = await placeAs(NOBODY);
      expect(path.dirname(run.placed!)).toBe(claimed);
      expect(run.stdout).toContain(
        `/usr/bin/sudo -n /usr/bin/mkdir -p ${claimed}: a directory for the build`,
      );
      expect(run.stdout).toContain(
        `/usr/bin/sudo -n /usr/bin/chown 65534:65534 ${claimed}: owned by this user`,
      );
      expect(statSync(claimed)).toMatchObject(NOBODY);
      expect(statSync(run.placed!)).toMatchObject(NOBODY);
      const again = await placeAs(NOBODY);
      expect(path.dirname(again.placed!)).toBe(claimed);
      expect(again.stdout).not.toContain('sudo');
    });
  });
});
