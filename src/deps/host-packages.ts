/**
 * Installs the host packages a build needs when they are missing (the action's `install-deps`): apt-get on
 * Debian/Ubuntu, dnf on Fedora/RHEL; through `sudo -n` when not root, so a password prompt never hangs a job.
 */
import type { Firmware } from '../targets.js';
import { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import { findOnPath, PROGRAMS, run, type ProgramInfo } from '../tools/exec.js';
import { findUefiFirmware } from '../tools/firmware.js';

export interface MissingPackages {
  programs: ProgramInfo[];
  /** OVMF is a file, not a program. */
  firmware: boolean;
}

/** What the build would miss on this host for the firmware mode. */
export function missingPackages(firmware: Firmware): MissingPackages {
  const needed: ProgramInfo[] = [PROGRAMS.xorrisofs, PROGRAMS.qemuImg, PROGRAMS.qemuSystem];
  if (firmware === 'uefi-secure') needed.push(PROGRAMS.swtpm);
  const programs = needed.filter((program) => !findOnPath(process.env[program.env] || program.command));
  let firmwareMissing = false;
  if (firmware !== 'bios') {
    try {
      findUefiFirmware(firmware);
    } catch {
      firmwareMissing = true;
    }
  }
  return { programs, firmware: firmwareMissing };
}

type PackageManager = 'apt' | 'dnf';

function packageManager(): PackageManager | undefined {
  if (findOnPath('apt-get')) return 'apt';
  if (findOnPath('dnf')) return 'dnf';
  return undefined;
}

/** The package names to install with a package manager. */
export function packageNames(missing: MissingPackages, manager: PackageManager): string[] {
  const names = missing.programs.flatMap((program) =>
    (manager === 'apt' ? program.apt : program.dnf).split(' '),
  );
  if (missing.firmware) names.push(manager === 'apt' ? 'ovmf' : 'edk2-ovmf');
  return [...new Set(names)];
}

export async function installMissingPackages(
  firmware: Firmware,
  logger: Logger,
  signal?: AbortSignal,
): Promise<string[]> {
  const missing = missingPackages(firmware);
  if (missing.programs.length === 0 && !missing.firmware) return [];
  const manager = packageManager();
  if (!manager) {
    throw new BuildError(
      'tool-missing',
      'Host packages are missing and neither apt-get nor dnf is available',
      {
        hint: `Install QEMU, qemu-img, xorriso${missing.firmware ? ', OVMF' : ''} with your distribution's tools.`,
      },
    );
  }
  const names = packageNames(missing, manager);
  const root = process.getuid?.() === 0;
  if (!root && !findOnPath('sudo')) {
    throw new BuildError(
      'tool-missing',
      `Missing host packages (${names.join(' ')}) and no sudo to install them`,
      {
        hint: `Install them on the runner: ${manager === 'apt' ? 'apt-get install -y' : 'dnf install -y'} ${names.join(' ')}`,
      },
    );
  }
  const prefix = root ? [] : ['sudo', '-n'];
  const command = (args: string[]): [string, string[]] => {
    const argv = [...prefix, ...args];
    return [argv[0]!, argv.slice(1)];
  };
  logger.info(`Installing host packages: ${names.join(' ')}`);
  try {
    if (manager === 'apt') {
      for (const args of aptGetCommands(names)) await run(...command(args), { signal });
    } else {
      await run(...command(['dnf', 'install', '-y', '-q', ...names]), { signal });
    }
  } catch (error) {
    const message = (error as Error).message;
    throw new BuildError('tool-missing', `Could not install ${names.join(' ')}: ${message}`, {
      hint:
        aptFailureHint(message, root) ??
        (root
          ? 'Install them on the runner by hand, or check its package sources.'
          : 'The runner user needs password-less sudo for install-deps (or install the packages once by hand and set install-deps: false).'),
      cause: error,
    });
  }
  return names;
}

/** How long apt-get waits for another apt or dpkg (fresh Ubuntu runners upgrade themselves at boot). */
export const DPKG_LOCK_TIMEOUT_SECONDS = 300;

/** The apt-get command lines that install `names`, noninteractive, waiting for the dpkg lock. Pure. */
export function aptGetCommands(names: readonly string[]): string[][] {
  const aptGet = [
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'apt-get',
    '-o',
    `DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_SECONDS}`,
  ];
  return [
    [...aptGet, 'update', '-qq'],
    [...aptGet, 'install', '-y', '-qq', '--no-install-recommends', ...names],
  ];
}

/** What to do about apt-get's two failures that are the runner's state, not its package sources. Pure. */
export function aptFailureHint(message: string, root: boolean): string | undefined {
  const sudo = root ? '' : 'sudo ';
  if (/dpkg was interrupted/i.test(message)) {
    return `apt-get found an interrupted dpkg run on the runner: repair it with '${sudo}dpkg --configure -a', then run the job again.`;
  }
  if (/Could not get lock|Unable to acquire the dpkg frontend lock|is held by process/i.test(message)) {
    return `apt-get waited ${DPKG_LOCK_TIMEOUT_SECONDS} s for the dpkg lock, which another apt or dpkg process holds (fresh runners often run unattended-upgrades after boot). Run the job again when it is done, or stop it first ('${sudo}systemctl stop unattended-upgrades').`;
  }
  return undefined;
}
