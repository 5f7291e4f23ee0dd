/**
 * Where the action builds when `output` is not given: on the candidate filesystem with the most free space
 * (a GitHub-hosted runner has a small root disk and, on some machines, a larger one at /mnt), in a private
 * directory there. A candidate this user may not write (/mnt is root-owned on hosted runners) but with more
 * room gets a directory of this user's made through `sudo -n`, as the KVM step opens /dev/kvm; without sudo
 * the build stays on the writable one. And before any download, whether the filesystems hold what this Windows version needs:
 * the media plus preflight's numbers for the build (buildSpaceNeeds).
 */
import * as core from '@actions/core';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import path from 'node:path';
import { canWriteIn, filesystemSpace } from '../bake/host-resources.js';
import type { BuildOptions } from '../bake/options.js';
import { buildSpaceNeeds } from '../bake/steps/preflight.js';
import { BuildError } from '../errors.js';
import { formatBytes } from '../log.js';
import { findOnPath } from '../tools/exec.js';
import { runSudoCommands, sudoArgv, type SudoCommand } from '../tools/sudo.js';
import { WINDOWS_TARGETS } from '../unattend/windows-targets.js';
import { osFromEdition } from '../unattend/windows-targets.js';
import type { WindowsOs } from '../targets.js';

const GiB = 1024 * 1024 * 1024;
/** What a download is assumed to take before it starts: a Windows ISO is 5–7 GB, virtio-win ~0.7 GB. */
export const MEDIA_ESTIMATE_BYTES = { windowsIso: 7 * GiB, virtioWin: 0.75 * GiB } as const;

export interface PlacementCandidate {
  dir: string;
  /** Why it is a candidate, for the log. */
  why: string;
  freeBytes?: number;
  memoryBacked?: boolean;
  writable: boolean;
  /** The filesystem's device: a later candidate on the same one as an earlier adds nothing. */
  device?: number;
}

/**
 * The candidate with the most free space, among the writable ones not backed by memory; on a tie, or on the
 * same filesystem as an earlier one, the earlier. Pure.
 */
export function chooseBuildRoot(candidates: readonly PlacementCandidate[]): PlacementCandidate | undefined {
  return roomiest(candidates, (candidate) => candidate.writable);
}

/**
 * The real disk (measured, not tmpfs) with the most free space among `candidates` that pass `wanted`; a
 * candidate on the same filesystem as an earlier one is skipped, and a tie keeps the earlier. Pure.
 */
function roomiest(
  candidates: readonly PlacementCandidate[],
  wanted: (candidate: PlacementCandidate) => boolean,
): PlacementCandidate | undefined {
  let best: PlacementCandidate | undefined;
  const seen = new Set<number>();
  for (const candidate of candidates) {
    if (candidate.device !== undefined) {
      if (seen.has(candidate.device)) continue;
      seen.add(candidate.device);
    }
    if (!wanted(candidate) || candidate.memoryBacked || candidate.freeBytes === undefined) continue;
    if (!best || candidate.freeBytes > best.freeBytes!) best = candidate;
  }
  return best;
}

/** The directory made on a candidate this user may not write: <candidate>/bake-windows-image. */
const CLAIMED_DIR_NAME = 'bake-windows-image';

/**
 * A candidate this user may not write, on a real disk, with more free space than the chosen writable one (or
 * any when none is writable): worth a directory made through sudo. The roomiest such; undefined when none.
 * Pure.
 */
export function claimableCandidate(
  candidates: readonly PlacementCandidate[],
  chosen: PlacementCandidate | undefined,
): PlacementCandidate | undefined {
  const best = roomiest(candidates, (candidate) => !candidate.writable);
  if (!best || (chosen && chosen.freeBytes! >= best.freeBytes!)) return undefined;
  return best;
}

/** `sudo -n mkdir -p <dir>` and `sudo -n chown uid:gid <dir>`: a directory of this user's. Pure. */
export function claimCommands(
  dir: string,
  programs: { sudo: string; mkdir: string; chown: string },
  owner: { uid: number; gid: number },
): SudoCommand[] {
  return [
    { argv: sudoArgv(programs.sudo, programs.mkdir, '-p', dir), why: 'a directory for the build' },
    {
      argv: sudoArgv(programs.sudo, programs.chown, `${owner.uid}:${owner.gid}`, dir),
      why: 'owned by this user',
    },
  ];
}

/**
 * <candidate>/bake-windows-image, this user's: already (an earlier job made it), or made now through
 * `sudo -n`. Undefined, said in the log, when there is no sudo or it refuses: the caller builds elsewhere.
 */
async function claimDirectory(candidate: PlacementCandidate, fallback: string): Promise<string | undefined> {
  const dir = path.join(candidate.dir, CLAIMED_DIR_NAME);
  if (canWriteIn(dir)) return dir;
  const sudo = findOnPath('sudo');
  const notClaimed = (why: string) => {
    core.info(
      `${candidate.dir} has the most free space but is not writable, and ${why}: building in ${fallback}.`,
    );
    return undefined;
  };
  if (!sudo || process.getuid === undefined || process.getgid === undefined)
    return notClaimed('there is no sudo');
  const programs = { sudo, mkdir: findOnPath('mkdir') ?? 'mkdir', chown: findOnPath('chown') ?? 'chown' };
  const commands = claimCommands(dir, programs, { uid: process.getuid(), gid: process.getgid() });
  const failed = await runSudoCommands(commands, (line) => core.info(line));
  if (failed) {
    const said = failed.output.trim().split('\n')[0] || `exited with ${failed.code}`;
    return notClaimed(`${failed.refused ? 'sudo -n refused' : 'sudo failed'} (${said})`);
  }
  return canWriteIn(dir) ? dir : notClaimed(`${dir} is still not writable after sudo`);
}

/** runner.temp, /mnt (a hosted runner's temporary disk) and any extra directories, as this host has them. */
export function measureCandidates(
  runnerTemp: string,
  extra: readonly string[] = ['/mnt'],
): PlacementCandidate[] {
  const dirs = [
    { dir: runnerTemp, why: 'runner.temp' },
    ...extra.map((dir) => ({ dir, why: dir === '/mnt' ? "a hosted runner's temporary disk" : 'candidate' })),
  ];
  return dirs.map(({ dir, why }) => {
    const space = existsSync(dir) ? filesystemSpace(dir) : undefined;
    const device = space ? statSync(dir).dev : undefined;
    return {
      dir,
      why,
      writable: canWriteIn(dir),
      device,
      freeBytes: space?.freeBytes,
      memoryBacked: space?.memoryBacked,
    };
  });
}

function describe(candidate: PlacementCandidate): string {
  const free = candidate.freeBytes;
  const state =
    free === undefined
      ? candidate.writable
        ? 'cannot be measured'
        : 'not writable'
      : `${formatBytes(free)} free` +
        (candidate.memoryBacked ? ', in memory (tmpfs): skipped' : '') +
        (candidate.writable ? '' : ', not writable by this user');
  return `${candidate.dir} (${candidate.why}): ${state}`;
}

/**
 * A private directory on the roomiest candidate, for the work dir and the output; logged with every
 * candidate's free space. Falls back to runner.temp when none can be measured.
 */
export async function placeBuild(runnerTemp: string, extra?: readonly string[]): Promise<string> {
  const candidates = measureCandidates(runnerTemp, extra);
  for (const candidate of candidates) core.info(describe(candidate));
  const chosen = chooseBuildRoot(candidates);
  let root = (chosen ?? candidates[0]!).dir;
  const claimable = claimableCandidate(candidates, chosen);
  if (claimable) root = (await claimDirectory(claimable, root)) ?? root;
  const dir = mkdtempSync(path.join(root, `bake-windows-image-${process.env.GITHUB_RUN_ID ?? 'local'}-`));
  core.info(`Building in ${dir}: the most free space of the candidates (output is not set).`);
  return dir;
}

export interface SpaceNeed {
  dir: string;
  bytes: number;
  what: string[];
}

/**
 * What the build needs where, media included, by filesystem: the Windows version is the edition's, or the
 * roomiest one when the edition does not say. Reads only what exists (the nearest existing directories).
 */
export function spaceNeeds(
  options: Pick<BuildOptions, 'diskSizeMiB' | 'windowsUpdate' | 'os' | 'edition' | 'output' | 'workDir'>,
  downloads: readonly { target: string; bytes: number; what: string }[],
): SpaceNeed[] {
  const os: WindowsOs =
    options.os ??
    osFromEdition(options.edition) ??
    (Object.values(WINDOWS_TARGETS).reduce((a, b) => (b.typicalInstallMiB > a.typicalInstallMiB ? b : a))
      .os as WindowsOs);
  const outputDir = path.dirname(path.resolve(options.output));
  const byDevice = new Map<string, SpaceNeed>();
  for (const [device, need] of buildSpaceNeeds(options, os, options.workDir ?? outputDir, outputDir)) {
    byDevice.set(device, { ...need, what: [`the build (${WINDOWS_TARGETS[os].displayName})`] });
  }
  for (const download of downloads) {
    if (existsSync(download.target)) continue;
    let dir = path.dirname(download.target);
    while (!existsSync(dir)) dir = path.dirname(dir);
    const device = String(statSync(dir).dev);
    const need = byDevice.get(device) ?? { dir, bytes: 0, what: [] };
    need.bytes += download.bytes;
    need.what.push(download.what);
    byDevice.set(device, need);
  }
  return [...byDevice.values()];
}

/** Fails (exit code 1) when a filesystem has less free space than the build needs there, with the numbers. */
export function checkSpaceBeforeDownload(needs: readonly SpaceNeed[]): void {
  for (const need of needs) {
    const free = filesystemSpace(need.dir)?.freeBytes;
    if (free === undefined) continue;
    const line = `${need.dir}: ${formatBytes(need.bytes)} needed (${need.what.join(' + ')}), ${formatBytes(free)} free`;
    if (free < need.bytes) {
      throw new BuildError('no-space', `Not enough free space for this build: ${line}`, {
        hint: 'Free some space on that disk, give output: a path on a bigger disk (the work dir goes next to it), or a smaller disk-size.',
      });
    }
    core.info(`Free space: ${line}`);
  }
}

/** The media this job will download, where to, and their estimated size (a download's size is known only once it starts). */
export function pendingDownloads(
  media: { isoDownload?: unknown; virtioWinDownload?: unknown },
  options: Pick<BuildOptions, 'iso' | 'virtioWinIso'>,
): { target: string; bytes: number; what: string }[] {
  return [
    ...(media.isoDownload
      ? [{ target: options.iso, bytes: MEDIA_ESTIMATE_BYTES.windowsIso, what: 'the Windows ISO (estimated)' }]
      : []),
    ...(media.virtioWinDownload
      ? [
          {
            target: options.virtioWinIso,
            bytes: MEDIA_ESTIMATE_BYTES.virtioWin,
            what: 'virtio-win (estimated)',
          },
        ]
      : []),
  ];
}
