/**
 * What differs between the supported Windows versions, in one table. Everything else about the answer
 * file is the same for all of them.
 */
import type { WindowsOs } from '../targets.js';
/** How the first-logon script gets an OpenSSH server when the answer medium carries no Win32-OpenSSH MSI. */
export type OpenSshSource = 
/** The `OpenSSH.Server~~~~0.0.1.0` capability: downloaded from Windows Update (fails offline). */
'capability'
/** Windows Server 2025 ships sshd installed (service disabled): only enable and start it. */
 | 'builtin';
export interface WindowsTarget {
    os: WindowsOs;
    /** For messages: "Windows 11", "Windows Server 2022", … */
    displayName: string;
    /** The folder below each driver on the virtio-win ISO: `<driver>/<virtioFolder>/amd64`. */
    virtioFolder: string;
    isServer: boolean;
    /**
     * Windows 11 Setup checks TPM 2.0, Secure Boot, RAM, CPU and disk size; the LabConfig registry values bypass
     * those checks. Applied only when this is true and the firmware is not 'uefi-secure' (see answer-file.ts).
     */
    hardwareCheckBypass: boolean;
    /** Smallest disk Microsoft states for this version; a smaller --disk-size gets a warning. */
    minDiskMiB: number;
    /** Rough size of a fresh install (no updates), for the free-space check. */
    typicalInstallMiB: number;
    openssh: OpenSshSource;
}
export declare const WINDOWS_TARGETS: Readonly<Record<WindowsOs, WindowsTarget>>;
/**
 * The Windows version an install.wim image NAME belongs to: "Windows 11 Pro" → w11,
 * "Windows Server 2022 SERVERDATACENTER" → 2k22, "Windows 10 Enterprise LTSC 2019" → w10; unknown → undefined.
 * Server years are matched first, so an LTSC year on a client edition does not count as a server.
 *
 * Beware: some older Windows 11 ISOs named their images "Windows 10 Pro" etc. (only DISPLAYNAME said
 * Windows 11), so a name can mislead; `osFromBuild` on the image's build number settles it.
 */
export declare function osFromEdition(edition: string): WindowsOs | undefined;
/**
 * The Windows version from an image's build number (install.wim XML: BUILD) and whether it is a server
 * (INSTALLATIONTYPE "Server" or "Server Core"); undefined for builds outside the supported versions.
 */
export declare function osFromBuild(build: number, server: boolean): WindowsOs | undefined;
