/**
 * Installs the host packages a build needs when they are missing (the action's `install-deps`): apt-get on
 * Debian/Ubuntu, dnf on Fedora/RHEL; through `sudo -n` when not root, so a password prompt never hangs a job.
 */
import type { Firmware } from '../targets.js';
import type { Logger } from '../log.js';
import { type ProgramInfo } from '../tools/exec.js';
export interface MissingPackages {
    programs: ProgramInfo[];
    /** OVMF is a file, not a program. */
    firmware: boolean;
}
/** What the build would miss on this host for the firmware mode. */
export declare function missingPackages(firmware: Firmware): MissingPackages;
type PackageManager = 'apt' | 'dnf';
/** The package names to install with a package manager. */
export declare function packageNames(missing: MissingPackages, manager: PackageManager): string[];
export declare function installMissingPackages(firmware: Firmware, logger: Logger, signal?: AbortSignal): Promise<string[]>;
/** How long apt-get waits for another apt or dpkg (fresh Ubuntu runners upgrade themselves at boot). */
export declare const DPKG_LOCK_TIMEOUT_SECONDS = 300;
/** The apt-get command lines that install `names`, noninteractive, waiting for the dpkg lock. Pure. */
export declare function aptGetCommands(names: readonly string[]): string[][];
/** What to do about apt-get's two failures that are the runner's state, not its package sources. Pure. */
export declare function aptFailureHint(message: string, root: boolean): string | undefined;
export {};
