/**
 * One typed options object for the CLI, the library and the GitHub Action.
 * Defaults and limits come from OPTION_TABLE (option-table.ts); `validateOptions` (validate.ts) checks them.
 */
import type { Accel, Firmware, WindowsOs } from '../targets.js';
import { type OptionDefaults } from './option-table.js';
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
    /** Guest memory; `auto`: sized from the host's (bake/host-resources.ts, chooseVmSize). */
    memoryMiB: number | 'auto';
    /** Virtual CPUs; `auto`: the host's, up to 8. */
    cpus: number | 'auto';
    accel: Accel;
    firmware: Firmware;
    /** Windows time zone id, e.g. "UTC", "W. Europe Standard Time". */
    timezone: string;
    /** Locale for input, system, UI and user, e.g. "en-US". */
    locale: string;
    /**
     * Product key. Not given: client editions get their edition's public generic key (it selects the edition,
     * it does not activate); `none`: no key at all, Setup picks the edition by /IMAGE/NAME alone.
     */
    productKey?: string;
    /**
     * Run sysprep /generalize /oobe at the end instead of a plain shutdown: each clone of the image then gets
     * its own machine SID and computer name at its first boot, with the same account and password.
     */
    generalize: boolean;
    /**
     * A Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) shipped on the answer medium and installed offline in the guest.
     * Without it the guest uses Server 2025's built-in sshd or the OpenSSH capability, which needs Windows Update.
     */
    opensshMsi?: string;
    /**
     * Automatic Windows Update stays on in the image. It is off during every bake (the NoAutoUpdate policy, set
     * in specialize, so that no update runs or waits at the shutdown); with this the policy is removed again
     * just before the final shutdown.
     */
    automaticUpdates: boolean;
    /**
     * Keep the UEFI variable store (and, with uefi-secure, the TPM state) next to the image, for booting it with
     * the same firmware state later: `<output>.efivars.fd` and `<output>.tpm/` (output without its .qcow2).
     */
    keepFirmwareState: boolean;
    /** Compress the finished qcow2's clusters with zstd (smaller artifact; any QEMU ≥ 5.1 reads it). */
    compress: boolean;
    /**
     * Admission control (notes/admission.md): a build that does not fit beside the other builds on this host
     * waits for them (within the build's deadline), fails at once (`fail`), or is not checked (`off`). One that
     * could never fit fails at once unless `off`.
     */
    admission: 'wait' | 'fail' | 'off';
    /** Scratch directory; a private one next to the output when not given. */
    workDir?: string;
    keepWorkDir: boolean;
    /** A screenshot of the VM every this many seconds (and at reboots, phase changes), in `<workDir>/screens`; 0: none. */
    screenshotIntervalSeconds: number;
    /** Watch the VM live: a VNC server at `127.0.0.1:PORT`, `[::1]:PORT` or `unix:PATH` (loopback only). */
    vnc?: string;
    dryRun: boolean;
    /** `SRC=DEST`: a host file or directory copied into the guest at the Windows path DEST, before provisioning. */
    upload: readonly string[];
    /** Scripts (.ps1, .cmd, .bat) run in the guest in order after the updates; 3010/1641 reboot it. */
    provision: readonly string[];
    /** Install the available Windows updates (rounds with reboots), then clean up the component store. */
    windowsUpdate: boolean;
    /** The limit for all update rounds together; the build's deadline grows by it when updates run. */
    updateTimeoutSeconds: number;
    /** The most search-install-reboot rounds. */
    updateRounds: number;
    /** Updates left out: `KB1234567` by number, anything else a title pattern (`*` and `?`). */
    updateExclude: readonly string[];
    updateDrivers: boolean;
    updatePreviews: boolean;
    /** DISM's /ResetBase with the component store cleanup. */
    updateResetBase: boolean;
    /** Where installed bases are kept between builds; none: every build installs from scratch. */
    baseCache?: string;
    /** How many bases the cache keeps (most recently used). */
    baseCacheKeep: number;
    /** The most MiB all bases may take; 0: no limit. */
    baseCacheMaxMiB: number;
}
export declare const DEFAULTS: OptionDefaults;
/** The ranges of OPTION_TABLE under the names the library has always exported. */
export declare const LIMITS: {
    readonly minDiskSizeMiB: number;
    readonly maxDiskSizeMiB: number;
    readonly minMemoryMiB: number;
    readonly maxMemoryMiB: number;
    readonly minCpus: number;
    readonly maxCpus: number;
    readonly maxBuildTimeoutSeconds: number;
    readonly maxPasswordLength: number;
    readonly maxUsernameLength: number;
    readonly maxHostnameLength: number;
};
