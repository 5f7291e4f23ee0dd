/**
 * The Windows images on an installation ISO: finds sources/install.wim (or .esd, or the first part of a split
 * .swm) inside the disc image and reads its image list, without extracting anything. Listing the editions of
 * a 6 GB ISO reads a few hundred KiB.
 */
import { BuildError } from '../errors.js';
import { openDisc, type Disc, type DiscKind } from './disc-fs.js';
import { readWimInfo, type WimHeader, type WimImage } from './wim.js';

/** Where Setup looks, in its order; x64/ holds the 64-bit half of Microsoft's dual-architecture ISOs. */
export const INSTALL_IMAGE_PATHS = [
  'sources/install.wim',
  'sources/install.esd',
  'sources/install.swm',
  'x64/sources/install.wim',
  'x64/sources/install.esd',
  'x64/sources/install.swm',
] as const;

/** The path (as recorded on the disc) of the install image, or undefined when the disc has none. */
export async function findInstallImage(disc: Pick<Disc, 'stat'>): Promise<string | undefined> {
  for (const candidate of INSTALL_IMAGE_PATHS) {
    const entry = await disc.stat(candidate);
    if (entry && !entry.isDirectory) return entry.path;
  }
  return undefined;
}

export interface WindowsImages {
  /** The ISO's volume label, e.g. "CCCOMA_X64FRE_EN-US_DV9". */
  volumeLabel: string;
  /** Which of its file systems the image was found in. */
  discKind: DiscKind;
  /** The install image inside the ISO, e.g. "/sources/install.wim". */
  path: string;
  /** Its size in bytes. */
  size: number;
  header: WimHeader;
  images: WimImage[];
}

/** The images of the install.wim/esd on a Windows installation ISO. */
export async function readWindowsImages(isoPath: string): Promise<WindowsImages> {
  const disc = await openDisc(isoPath);
  try {
    const path = await findInstallImage(disc);
    if (!path) {
      throw new BuildError('input-invalid', `${isoPath} has no sources/install.wim or sources/install.esd`, {
        hint: 'Is this a Windows installation ISO? Give the ISO of Windows itself (Media Creation Tool or Microsoft download), not a driver or tools ISO.',
      });
    }
    const entry = (await disc.stat(path))!;
    const { header, images } = await readWimInfo(
      (offset, length) => disc.read(path, offset, length),
      `${path.slice(1)} in ${isoPath}`,
      entry.size,
    );
    return { volumeLabel: disc.volumeLabel, discKind: disc.kind, path, size: entry.size, header, images };
  } finally {
    await disc.close();
  }
}
