/**
 * One typed options object for the CLI, the library and the GitHub Action.
 * Defaults and limits live here; `validateOptions` (validate.ts) is the one place that checks them.
 */
import type { Accel, Firmware, WindowsOs } from '../targets.js';
export type { Accel, Firmware, WindowsOs } from '../targets.js';
export interface BuildOptions {
    /** The Windows installation ISO. */
    iso: string;
    /** The virtio-win driver ISO. */
    virtioWinIso: string;
    /** Where the finished qcow2 appears (atomically, at the very end). */
    output: string;
    username: string;
    password: string;
    hostname: string;
    /** An image NAME inside sources/install.wim, e.g. "Windows 11 Pro". */
    edition: string;
    /** Windows version; derived from the edition name when not given. */
    os?: WindowsOs;
    /** Virtual disk size in MiB: a ceiling, never preallocated. */
    diskSizeMiB: number;
    buildTimeoutSeconds: number;
    memoryMiB: number;
    cpus: number;
    accel: Accel;
    firmware: Firmware;
    /** Windows time zone id, e.g. "UTC", "W. Europe Standard Time". */
    timezone: string;
    /** Locale for input, system, UI and user, e.g. "en-US". */
    locale: string;
    /** Product key; when empty, Setup picks the edition by /IMAGE/NAME alone. */
    productKey?: string;
    /**
     * A Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) shipped on the answer medium and installed offline in the guest.
     * Without it the guest uses Server 2025's built-in sshd or the OpenSSH capability, which needs Windows Update.
     */
    opensshMsi?: string;
    /**
     * Keep the UEFI variable store (and, with uefi-secure, the TPM state) next to the image, for booting it with
     * the same firmware state later: `<output>.efivars.fd` and `<output>.tpm/` (output without its .qcow2).
     */
    keepFirmwareState: boolean;
    /** Compress the finished qcow2's clusters with zstd (smaller artifact; any QEMU ≥ 5.1 reads it). */
    compress: boolean;
    /** Scratch directory; a private one next to the output when not given. */
    workDir?: string;
    keepWorkDir: boolean;
    dryRun: boolean;
}
export declare const DEFAULTS: {
    readonly username: "smolvm";
    readonly password: "smolvm";
    readonly hostname: "smolvm-win";
    readonly edition: "Windows 11 Pro";
    readonly diskSizeMiB: 65536;
    readonly buildTimeoutSeconds: 2700;
    readonly memoryMiB: 4096;
    readonly cpus: 4;
    readonly accel: "auto";
    readonly firmware: "uefi";
    readonly timezone: "UTC";
    readonly locale: "en-US";
    readonly compress: true;
    readonly keepFirmwareState: false;
    readonly keepWorkDir: false;
    readonly dryRun: false;
};
export declare const LIMITS: {
    /** Small disks are allowed (tests use them); below the OS's need is a warning, not an error. */
    readonly minDiskSizeMiB: 1;
    /** qcow2's largest virtual size with the default 64 KiB clusters: 2 PiB (qemu-img refuses more). */
    readonly maxDiskSizeMiB: number;
    readonly minMemoryMiB: 256;
    readonly maxMemoryMiB: number;
    readonly minCpus: 1;
    readonly maxCpus: 256;
    readonly maxBuildTimeoutSeconds: number;
    /** Windows refuses longer passwords for local accounts. */
    readonly maxPasswordLength: 127;
    readonly maxUsernameLength: 20;
    readonly maxHostnameLength: 15;
};
