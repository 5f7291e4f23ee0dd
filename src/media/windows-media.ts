/**
 * What the build learns from its two ISOs before any VM starts: which image of install.wim/esd --edition
 * names (and so the Windows version, its architecture and languages), and whether the virtio-win ISO has the
 * drivers that version needs, in a release that works with it. Reading both takes milliseconds.
 */
import { BuildError } from '../errors.js';
import type { WindowsOs } from '../targets.js';
import { WINDOWS_TARGETS, osFromBuild, osFromEdition } from '../unattend/windows-targets.js';
import { openDisc } from './disc-fs.js';
import type { WimImage } from './wim.js';

/** One line per image: index, name, edition id, version, architecture, type, languages, version code. */
export function formatImageTable(images: readonly WimImage[]): string {
  const rows = images.map((image) => [
    String(image.index),
    image.name,
    image.editionId ?? image.flags ?? '',
    image.version ? versionText(image.version) : '',
    image.arch ?? (image.archCode !== undefined ? String(image.archCode) : ''),
    image.installationType ?? '',
    image.languages.join(','),
    osForImage(image) ?? '',
  ]);
  const header = ['INDEX', 'NAME', 'EDITION', 'VERSION', 'ARCH', 'TYPE', 'LANGUAGES', 'OS'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function versionText(version: NonNullable<WimImage['version']>): string {
  const base = `${version.major}.${version.minor}.${version.build}`;
  return version.spBuild !== undefined ? `${base}.${version.spBuild}` : base;
}

/**
 * The Windows version of an image: from its build number and installation type when the XML has them (the
 * reliable way: some Windows 11 ISOs name their images "Windows 10 …"), else from its name.
 */
export function osForImage(image: WimImage): WindowsOs | undefined {
  const build = image.version?.build;
  if (build !== undefined) {
    const os = osFromBuild(build, image.server);
    if (os) return os;
  }
  return osFromEdition(image.name);
}

/**
 * The image Setup will install for --edition: /IMAGE/NAME matches one NAME exactly, so that is what is
 * required here too. A near miss (case, spacing) is named in the error, with every name there is.
 */
export function selectImage(images: readonly WimImage[], edition: string, iso: string): WimImage {
  const exact = images.find((image) => image.name === edition);
  if (exact) return exact;
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const near = images.find((image) => fold(image.name) === fold(edition));
  throw new BuildError(
    'invalid-option',
    `--edition "${edition}" is not an image of ${iso}${near ? ` (did you mean "${near.name}"?)` : ''}. It has:\n${formatImageTable(images)}`,
    {
      hint: `Pass one NAME exactly, e.g. --edition "${(near ?? images[0])?.name ?? 'Windows 11 Pro'}"; \`bake-windows-image list-editions --iso ${iso}\` lists them.`,
    },
  );
}

export interface ImageChoice {
  image: WimImage;
  os: WindowsOs;
  /** Setup's and Windows' UI language: --locale when the image has it, else the image's default. */
  uiLanguage: string;
  warnings: string[];
}

/** Decides the Windows version and UI language for the chosen image; throws for what cannot work. */
export function chooseImage(
  image: WimImage,
  options: { os?: WindowsOs; locale: string; iso: string },
): ImageChoice {
  const warnings: string[] = [];
  if (image.arch !== undefined && image.arch !== 'amd64') {
    throw new BuildError(
      'input-invalid',
      `"${image.name}" in ${options.iso} is for ${image.arch}; this builder makes x64 (amd64) virtual machines`,
      { hint: 'Use an x64 Windows ISO (the file name usually says x64).' },
    );
  }
  const derived = osForImage(image);
  const os = options.os ?? derived;
  if (!os) {
    throw new BuildError(
      'invalid-option',
      `Cannot tell the Windows version of "${image.name}" (build ${image.version?.build ?? 'unknown'}); pass --os`,
      { hint: `One of ${Object.keys(WINDOWS_TARGETS).join(', ')}, e.g. --os w11 for Windows 11.` },
    );
  }
  if (options.os && derived && options.os !== derived) {
    warnings.push(
      `--os ${options.os} overrides ${derived}, which "${image.name}" (build ${image.version?.build ?? '?'}) looks like: the answer file and drivers follow --os.`,
    );
  }

  let uiLanguage = options.locale;
  const languages = image.languages;
  const has = (tag: string) => languages.some((language) => language.toLowerCase() === tag.toLowerCase());
  if (languages.length > 0 && !has(options.locale)) {
    uiLanguage = image.defaultLanguage ?? languages[0]!;
    warnings.push(
      `"${image.name}" has no ${options.locale} language (it has ${languages.join(', ')}): Setup and Windows use ${uiLanguage}; --locale ${options.locale} still sets the input, system and user locale.`,
    );
  }
  return { image, os, uiLanguage, warnings };
}

/** The first build of Windows 11 24H2 and Windows Server 2025 (Germanium). */
const BUILD_24H2 = 26100;
/** virtio-win 0.1.248's vioscsi breaks on 24H2 (notes/windows-setup.md, "Drivers"). */
export const MIN_VIRTIO_WIN_FOR_24H2: readonly number[] = [0, 1, 258];

/** "virtio-win-0.1.262" → [0, 1, 262]; undefined when the label carries no version. */
export function virtioWinVersion(label: string): number[] | undefined {
  const match = /virtio-win-(\d+)\.(\d+)\.(\d+)/i.exec(label);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The drivers Setup and the first logon need from virtio-win, as `<driver>/<os>/amd64`: the disk controller
 * (virtio-scsi) and the network card (without it the guest is never reachable over SSH).
 */
export const REQUIRED_VIRTIO_DRIVERS = ['vioscsi', 'NetKVM'] as const;

export interface VirtioWinCheck {
  label: string;
  version?: string;
  warnings: string[];
}

/**
 * Checks the virtio-win ISO for the chosen Windows version: the driver folders with an .inf in each, and a
 * release new enough for 24H2 builds. `build` is the image's build number, when known.
 */
export async function checkVirtioWin(
  iso: string,
  os: WindowsOs,
  build: number | undefined,
): Promise<VirtioWinCheck> {
  const folder = WINDOWS_TARGETS[os].virtioFolder;
  const warnings: string[] = [];
  const disc = await openDisc(iso);
  try {
    const label = disc.volumeLabel;
    const version = virtioWinVersion(label);
    const versionText = version?.join('.');
    const missing: string[] = [];
    for (const driver of REQUIRED_VIRTIO_DRIVERS) {
      const dir = `${driver}/${folder}/amd64`;
      const entry = await disc.stat(dir);
      const files = entry?.isDirectory ? await disc.list(dir) : [];
      if (!files.some((file) => !file.isDirectory && /\.inf$/i.test(file.name))) missing.push(dir);
    }
    if (missing.length > 0) {
      throw new BuildError(
        'input-invalid',
        `The virtio-win ISO ${iso}${versionText ? ` (${versionText})` : ''} has no ${missing.join(', ')} driver for ${WINDOWS_TARGETS[os].displayName}`,
        {
          hint:
            missing.length === REQUIRED_VIRTIO_DRIVERS.length && (await disc.stat('sources'))
              ? 'That looks like a Windows ISO: --virtio-win-iso takes the virtio-win driver ISO (virtio-win.iso from the virtio-win project).'
              : `Use a newer virtio-win ISO (the stable release has folders for ${Object.keys(WINDOWS_TARGETS).join(', ')}), or check --os.`,
        },
      );
    }
    if ((build ?? (os === '2k25' ? BUILD_24H2 : 0)) >= BUILD_24H2) {
      if (!version) {
        warnings.push(
          `Cannot tell the virtio-win version from its label "${label}"; this Windows build needs 0.1.258 or newer.`,
        );
      } else if (compareVersions(version, MIN_VIRTIO_WIN_FOR_24H2) < 0) {
        throw new BuildError(
          'input-invalid',
          `virtio-win ${versionText} is too old for ${WINDOWS_TARGETS[os].displayName} build ${build ?? BUILD_24H2}: its storage driver fails on 24H2 builds`,
          { hint: 'Use virtio-win 0.1.258 or newer (the stable virtio-win.iso is).' },
        );
      }
    }
    if (!(await disc.stat('virtio-win-guest-tools.exe'))) {
      warnings.push(
        'The virtio-win ISO has no virtio-win-guest-tools.exe: the image gets the drivers Setup needs, but no guest agent or balloon driver.',
      );
    }
    return { label, version: versionText, warnings };
  } finally {
    await disc.close();
  }
}
