/**
 * Everything that can be known to fail before anything is created: input media, output, free space,
 * tools, KVM and firmware. Creates nothing.
 * Uses: the options. Produces: os, uiLanguage, productKey, accel, firmware, output.
 */
import { constants, accessSync, openSync, closeSync, statSync, statfsSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import { formatBytes } from '../../log.js';
import { PROGRAMS, requireProgram } from '../../tools/exec.js';
import { findUefiFirmware } from '../../tools/firmware.js';
import { resolveAccel } from '../../tools/kvm-access.js';
import { chooseProductKey, describeKeyChoice } from '../../unattend/generic-keys.js';
import { WINDOWS_TARGETS } from '../../unattend/windows-targets.js';
import { isDiscImage } from '../../media/disc-fs.js';
import { readWindowsImages } from '../../media/install-image.js';
import { isCompoundFile } from '../../media/msi.js';
import { checkVirtioWin, chooseImage, selectImage } from '../../media/windows-media.js';
import { checkUploadSource } from '../baseline-inputs.js';
import type { BuildContext, Step } from '../context.js';
import type { BuildOptions } from '../options.js';
import type { WindowsOs } from '../../targets.js';
import { checkFirmwareStateTargets } from './firmware-state.js';
import { canWriteIn, chooseVmSize, hostSize } from '../host-resources.js';
import { memoryWarnings, optionWarnings } from '../validate.js';

const MiB = 1024 * 1024;
/** Below this much free space nothing sensible can be built at all. */
const HARD_MINIMUM_FREE = 1024 * MiB;

export class Preflight implements Step {
  readonly title = 'Checking inputs and host';
  readonly phase = 'preflight' as const;
  async run(context: BuildContext): Promise<void> {
    const { options, logger } = context;
    await checkMedia(options.iso, options.virtioWinIso);
    await inspectMedia(context);
    const target = WINDOWS_TARGETS[context.os!];
    logger.info(`Target: ${options.edition} (${context.os}), firmware ${options.firmware}`);
    for (const warning of optionWarnings(options, target)) logger.warn(warning);

    context.output = checkOutput(options.output);
    if (options.keepFirmwareState) checkFirmwareStateTargets(context.output, options.firmware);
    if (options.opensshMsi) await checkOpenSshMsi(options.opensshMsi);
    else if (target.openssh !== 'builtin') {
      logger.warn(
        `No --openssh-msi: ${target.displayName} will install OpenSSH Server from Windows Update, which needs the guest online. Pass --openssh-msi OpenSSH-Win64-v….msi for an offline bake.`,
      );
    }
    for (const file of options.provision) {
      await checkReadableFile('provision', file, 'a provisioning script (.ps1, .cmd or .bat)');
    }
    for (const spec of options.upload) checkUploadSource(spec);
    checkFreeSpace(context);

    requireProgram(PROGRAMS.xorrisofs);
    requireProgram(PROGRAMS.qemuImg);
    if (!options.dryRun) requireProgram(PROGRAMS.qemuSystem);
    if (options.firmware === 'uefi-secure' && !options.dryRun) requireProgram(PROGRAMS.swtpm);

    context.accel = resolveAccel(options.accel);
    context.vmSize = chooseVmSize(options, hostSize());
    logger.info(
      `VM: ${context.vmSize.cpus} vCPU (${context.vmSize.why.cpus}), ${context.vmSize.memoryMiB} MiB (${context.vmSize.why.memoryMiB})`,
    );
    // Windows 11 asks for 4 GiB; the others run Setup in 2.
    const minMemoryMiB = context.os === 'w11' ? 4096 : undefined;
    for (const warning of memoryWarnings(context.vmSize.memoryMiB, { ...target, minMemoryMiB })) {
      if (options.memoryMiB === 'auto') logger.warn(`${warning} (auto: this host has no more to give)`);
    }
    if (options.firmware !== 'bios') {
      context.firmware = findUefiFirmware(options.firmware);
      logger.debug(`Firmware: ${context.firmware.code} (vars template ${context.firmware.varsTemplate})`);
    }
  }
}

/** Which image --edition names, and so the Windows version; whether virtio-win has its drivers. */
async function inspectMedia(context: BuildContext): Promise<void> {
  const { options, logger } = context;
  const media = await readWindowsImages(options.iso);
  const choice = chooseImage(selectImage(media.images, options.edition, options.iso), {
    os: options.os,
    locale: options.locale,
    iso: options.iso,
  });
  const { image } = choice;
  context.os = choice.os;
  context.windowsBuild = image.version?.build;
  context.uiLanguage = choice.uiLanguage;
  logger.info(
    `Windows image #${image.index} "${image.name}" (${[image.editionId, image.version && `build ${image.version.build}`, image.installationType].filter(Boolean).join(', ') || 'no version data'}) in ${media.path.slice(1)} (${media.discKind})`,
  );
  for (const warning of choice.warnings) logger.warn(warning);
  context.productKey = chooseProductKey(options.productKey, image);
  logger.info(describeKeyChoice(context.productKey));
  const virtio = await checkVirtioWin(options.virtioWinIso, choice.os, image.version?.build);
  logger.info(`virtio-win ${virtio.version ?? `(label ${virtio.label})`}: drivers for ${choice.os} present`);
  for (const warning of virtio.warnings) logger.warn(warning);
}

async function checkMedia(iso: string, virtioWinIso: string): Promise<void> {
  const windows = await checkDiscImage('iso', iso, 'the Windows installation ISO');
  const virtio = await checkDiscImage('virtio-win-iso', virtioWinIso, 'the virtio-win driver ISO');
  if (windows.stats.dev === virtio.stats.dev && windows.stats.ino === virtio.stats.ino) {
    throw new BuildError(
      'input-invalid',
      `--iso and --virtio-win-iso are the same file (${windows.realPath})`,
      {
        hint: '--iso is the Windows installer; --virtio-win-iso is the driver ISO from the virtio-win project (virtio-win.iso).',
      },
    );
  }
}

/** The file behind a path flag exists, is a file (or block device) and can be opened for reading. */
async function checkReadableFile(flag: string, file: string, what: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BuildError(
      code === 'EACCES' ? 'input-unreadable' : 'input-missing',
      code === 'EACCES' ? `--${flag} ${file}: permission denied` : `--${flag} ${file}: no such file`,
      { hint: `Give the path of ${what}.` },
    );
  }
  if (stats.isDirectory()) {
    throw new BuildError('input-invalid', `--${flag} ${file} is a directory, not a file`, {
      hint: `Give the path of ${what} itself.`,
    });
  }
  if (!stats.isFile() && !stats.isBlockDevice()) {
    throw new BuildError('input-invalid', `--${flag} ${file} is not a regular file`, {
      hint: `Give the path of ${what}.`,
    });
  }
  try {
    accessSync(file, constants.R_OK);
    closeSync(openSync(file, 'r'));
  } catch (error) {
    throw new BuildError(
      'input-unreadable',
      `--${flag} ${file} cannot be read: ${(error as Error).message}`,
      {
        hint: 'Check the file permissions (the build needs to read it).',
      },
    );
  }
  return stats;
}

async function checkDiscImage(
  flag: string,
  file: string,
  what: string,
): Promise<{ stats: Stats; realPath: string }> {
  const stats = await checkReadableFile(flag, file, `${what} (a .iso file)`);
  if (!(await isDiscImage(file))) {
    throw new BuildError('input-invalid', `--${flag} ${file} is not an ISO 9660 or UDF disc image`, {
      hint: `Give ${what} (a .iso file); check that the download is complete.`,
    });
  }
  return { stats, realPath: await realpath(file) };
}

/** --openssh-msi must be a readable Windows Installer package (an OLE compound file) for x64. */
async function checkOpenSshMsi(file: string): Promise<void> {
  const what = 'the x64 MSI of a PowerShell/Win32-OpenSSH release (OpenSSH-Win64-v….msi)';
  await checkReadableFile('openssh-msi', file, what);
  const hint = `Give ${what}, or leave --openssh-msi out.`;
  // The guest is x64: msiexec refuses a Win32 or ARM64 package there, and sshd would never come up.
  if (/win32|arm64/i.test(path.basename(file))) {
    throw new BuildError(
      'input-invalid',
      `--openssh-msi ${file} looks like a package for another CPU (the guest is x64)`,
      { hint },
    );
  }
  if (!(await isCompoundFile(file))) {
    throw new BuildError('input-invalid', `--openssh-msi ${file} is not a Windows Installer (.msi) package`, {
      hint,
    });
  }
}

/** The absolute output path; refuses an existing non-empty file and an unwritable location. */
function checkOutput(output: string): string {
  const absolute = path.resolve(output);
  let existing: Stats | undefined;
  try {
    existing = statSync(absolute);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) {
    throw new BuildError('output-exists', `--output ${output} is a directory`, {
      hint: `Name the image file, e.g. --output ${path.join(output, 'windows.qcow2')}`,
    });
  }
  if (existing && existing.size > 0) {
    throw new BuildError('output-exists', `--output ${output} already exists and is not empty`, {
      hint: 'Move or delete it first, or choose another --output path; an existing image is never overwritten.',
    });
  }
  const ancestor = nearestExistingDir(path.dirname(absolute));
  if (!canWriteIn(ancestor)) {
    throw new BuildError('output-unwritable', `Cannot write to ${ancestor} (for --output ${output})`, {
      hint: 'Choose an --output in a directory you can write to, or fix its permissions.',
    });
  }
  return absolute;
}

function nearestExistingDir(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    try {
      if (statSync(current).isDirectory()) return current;
      throw new BuildError('output-unwritable', `${current} exists and is not a directory`, {
        hint: 'Choose an --output path whose parent directories are directories.',
      });
    } catch (error) {
      if (error instanceof BuildError) throw error;
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * The install disk grows in the work dir to the installed size (Windows 11: ~15–25 GiB), and the compacted
 * copy is written next to the output: fail when a filesystem cannot hold even a GiB, warn when it cannot hold
 * what a typical install of this disk size needs.
 */
function checkFreeSpace(context: BuildContext): void {
  const { options, logger } = context;
  const outputDir = path.dirname(context.output!);
  const needs = buildSpaceNeeds(options, context.os!, options.workDir ?? outputDir, outputDir);
  for (const { dir, bytes } of needs.values()) {
    const stats = statfsSync(dir);
    const free = stats.bavail * stats.bsize;
    const minimum = Math.min(bytes, HARD_MINIMUM_FREE);
    if (free < minimum) {
      throw new BuildError(
        'no-space',
        `Only ${formatBytes(free)} free on the filesystem of ${dir}; the build needs at least ${formatBytes(minimum)} there`,
        { hint: 'Free some space, or put --output / --work-dir on a larger filesystem.' },
      );
    }
    if (free < bytes) {
      logger.warn(
        `Only ${formatBytes(free)} free on the filesystem of ${dir}; an install with this disk size typically needs ${formatBytes(bytes)} there.`,
      );
    }
  }
}

/** Windows Update's downloads and the superseded components until the cleanup: room on top of the install. */
const WINDOWS_UPDATE_EXTRA_MiB = 10 * 1024;

/**
 * The bytes a build of `os` typically needs, by filesystem (device): the install disk in the work dir, and
 * as much again for the compacted copy next to the output (zstd makes it smaller; no guarantee how much).
 * The action adds the media to this before it downloads them.
 */
export function buildSpaceNeeds(
  options: Pick<BuildOptions, 'diskSizeMiB' | 'windowsUpdate'>,
  os: WindowsOs,
  workDir: string,
  outputDir: string,
): Map<string, { dir: string; bytes: number }> {
  const target = WINDOWS_TARGETS[os];
  const installMiB = target.typicalInstallMiB + (options.windowsUpdate ? WINDOWS_UPDATE_EXTRA_MiB : 0);
  const footprint = Math.min(options.diskSizeMiB, installMiB) * MiB;
  const needs = new Map<string, { dir: string; bytes: number }>();
  for (const dir of [nearestExistingDir(workDir), nearestExistingDir(outputDir)]) {
    const device = String(statSync(dir).dev);
    const entry = needs.get(device) ?? { dir, bytes: 0 };
    entry.bytes += footprint;
    needs.set(device, entry);
  }
  return needs;
}
