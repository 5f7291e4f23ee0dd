import type { WindowsOs } from '../targets.js';
import type { WimImage } from './wim.js';
/** One line per image: index, name, edition id, version, architecture, type, languages, version code. */
export declare function formatImageTable(images: readonly WimImage[]): string;
/**
 * The Windows version of an image: from its build number and installation type when the XML has them (the
 * reliable way: some Windows 11 ISOs name their images "Windows 10 …"), else from its name.
 */
export declare function osForImage(image: WimImage): WindowsOs | undefined;
/**
 * The image Setup will install for --edition: /IMAGE/NAME matches one NAME exactly, so that is what is
 * required here too. A near miss (case, spacing) is named in the error, with every name there is.
 */
export declare function selectImage(images: readonly WimImage[], edition: string, iso: string): WimImage;
export interface ImageChoice {
    image: WimImage;
    os: WindowsOs;
    /** Setup's and Windows' UI language: --locale when the image has it, else the image's default. */
    uiLanguage: string;
    warnings: string[];
}
/** Decides the Windows version and UI language for the chosen image; throws for what cannot work. */
export declare function chooseImage(image: WimImage, options: {
    os?: WindowsOs;
    locale: string;
    iso: string;
}): ImageChoice;
/** virtio-win 0.1.248's vioscsi breaks on 24H2 (notes/windows-setup.md, "Drivers"). */
export declare const MIN_VIRTIO_WIN_FOR_24H2: readonly number[];
/** "virtio-win-0.1.262" → [0, 1, 262]; undefined when the label carries no version. */
export declare function virtioWinVersion(label: string): number[] | undefined;
/**
 * The drivers Setup and the first logon need from virtio-win, as `<driver>/<os>/amd64`: the disk controller
 * (virtio-scsi) and the network card (without it the guest is never reachable over SSH).
 */
export declare const REQUIRED_VIRTIO_DRIVERS: readonly ["vioscsi", "NetKVM"];
export interface VirtioWinCheck {
    label: string;
    version?: string;
    warnings: string[];
}
/**
 * Checks the virtio-win ISO for the chosen Windows version: the driver folders with an .inf in each, and a
 * release new enough for 24H2 builds. `build` is the image's build number, when known.
 */
export declare function checkVirtioWin(iso: string, os: WindowsOs, build: number | undefined): Promise<VirtioWinCheck>;
