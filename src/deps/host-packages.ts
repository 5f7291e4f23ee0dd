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
      const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
      await run(...command([...env, 'apt-get', 'update', '-qq']), { signal });
      await run(
        ...command([...env, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...names]),
        {
          signal,
        },
      );
    } else {
      await run(...command(['dnf', 'install', '-y', '-q', ...names]), { signal });
    }
  } catch (error) {
    throw new BuildError(
      'tool-missing',
      `Could not install ${names.join(' ')}: ${(error as Error).message}`,
      {
        hint: root
          ? 'Install them on the runner by hand, or check its package sources.'
          : 'The runner user needs password-less sudo for install-deps (or install the packages once by hand and set install-deps: false).',
        cause: error,
      },
    );
  }
  return names;
}
