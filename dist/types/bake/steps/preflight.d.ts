import type { BuildContext, Step } from '../context.js';
import type { BuildOptions } from '../options.js';
import type { WindowsOs } from '../../targets.js';
export declare class Preflight implements Step {
    readonly title = "Checking inputs and host";
    readonly phase: "preflight";
    run(context: BuildContext): Promise<void>;
}
/**
 * The bytes a build of `os` typically needs, by filesystem (device): the install disk in the work dir, and
 * as much again for the compacted copy next to the output (zstd makes it smaller; no guarantee how much).
 * The action adds the media to this before it downloads them.
 */
export declare function buildSpaceNeeds(options: Pick<BuildOptions, 'diskSizeMiB' | 'windowsUpdate'>, os: WindowsOs, workDir: string, outputDir: string): Map<string, {
    dir: string;
    bytes: number;
}>;
