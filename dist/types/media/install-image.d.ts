import { type Disc, type DiscKind } from './disc-fs.js';
import { type WimHeader, type WimImage } from './wim.js';
/** Where Setup looks, in its order; x64/ holds the 64-bit half of Microsoft's dual-architecture ISOs. */
export declare const INSTALL_IMAGE_PATHS: readonly ["sources/install.wim", "sources/install.esd", "sources/install.swm", "x64/sources/install.wim", "x64/sources/install.esd", "x64/sources/install.swm"];
/** The path (as recorded on the disc) of the install image, or undefined when the disc has none. */
export declare function findInstallImage(disc: Pick<Disc, 'stat'>): Promise<string | undefined>;
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
export declare function readWindowsImages(isoPath: string): Promise<WindowsImages>;
