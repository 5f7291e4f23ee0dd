import type { BuildOptions } from '../bake/options.js';
import { type SudoCommand } from '../tools/sudo.js';
/** What a download is assumed to take before it starts: a Windows ISO is 5–7 GB, virtio-win ~0.7 GB. */
export declare const MEDIA_ESTIMATE_BYTES: {
    readonly windowsIso: number;
    readonly virtioWin: number;
};
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
export declare function chooseBuildRoot(candidates: readonly PlacementCandidate[]): PlacementCandidate | undefined;
/**
 * A candidate this user may not write, on a real disk, with more free space than the chosen writable one (or
 * any when none is writable): worth a directory made through sudo. The roomiest such; undefined when none.
 * Pure.
 */
export declare function claimableCandidate(candidates: readonly PlacementCandidate[], chosen: PlacementCandidate | undefined): PlacementCandidate | undefined;
/** `sudo -n mkdir -p <dir>` and `sudo -n chown uid:gid <dir>`: a directory of this user's. Pure. */
export declare function claimCommands(dir: string, programs: {
    sudo: string;
    mkdir: string;
    chown: string;
}, owner: {
    uid: number;
    gid: number;
}): SudoCommand[];
/** runner.temp, /mnt (a hosted runner's temporary disk) and any extra directories, as this host has them. */
export declare function measureCandidates(runnerTemp: string, extra?: readonly string[]): PlacementCandidate[];
/**
 * A private directory on the roomiest candidate, for the work dir and the output; logged with every
 * candidate's free space. Falls back to runner.temp when none can be measured.
 */
export declare function placeBuild(runnerTemp: string, extra?: readonly string[]): Promise<string>;
export interface SpaceNeed {
    dir: string;
    bytes: number;
    what: string[];
}
/**
 * What the build needs where, media included, by filesystem: the Windows version is the edition's, or the
 * roomiest one when the edition does not say. Reads only what exists (the nearest existing directories).
 */
export declare function spaceNeeds(options: Pick<BuildOptions, 'diskSizeMiB' | 'windowsUpdate' | 'os' | 'edition' | 'output' | 'workDir'>, downloads: readonly {
    target: string;
    bytes: number;
    what: string;
}[]): SpaceNeed[];
/** Fails (exit code 1) when a filesystem has less free space than the build needs there, with the numbers. */
export declare function checkSpaceBeforeDownload(needs: readonly SpaceNeed[]): void;
/** The media this job will download, where to, and their estimated size (a download's size is known only once it starts). */
export declare function pendingDownloads(media: {
    isoDownload?: unknown;
    virtioWinDownload?: unknown;
}, options: Pick<BuildOptions, 'iso' | 'virtioWinIso'>): {
    target: string;
    bytes: number;
    what: string;
}[];
