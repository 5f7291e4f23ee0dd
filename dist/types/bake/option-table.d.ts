/**
 * Every build option once (its rows are in option-rows-*.ts): its library name, CLI flag, action input, type,
 * default, range and help line. The CLI's flags and --help, the action's inputs, the library's DEFAULTS and the checks all read this table;
 * action.yml and README.md repeat it in prose, and a test holds them to it.
 */
import type { NumberOption, OptionSpec } from './option-spec.js';
import type { BuildOptions } from './options.js';
export declare const OPTION_TABLE: readonly [{
    readonly key: "iso";
    readonly flag: "iso";
    readonly input: "iso";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "Win11_24H2_English_x64.iso";
    readonly help: "Windows installation ISO";
}, {
    readonly key: "virtioWinIso";
    readonly flag: "virtio-win-iso";
    readonly input: "virtio-win-iso";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "virtio-win.iso";
    readonly help: "virtio-win driver ISO";
}, {
    readonly key: "output";
    readonly flag: "output";
    readonly short: "o";
    readonly input: "output";
    readonly group: "Required";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly requiredExample: "windows-11.qcow2";
    readonly help: "where the finished qcow2 appears (refused if it exists and is not empty)";
}, {
    readonly key: "username";
    readonly flag: "username";
    readonly input: "username";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "smolvm";
    readonly maxLength: 20;
    readonly help: "local administrator account";
}, {
    readonly key: "password";
    readonly flag: "password";
    readonly input: "password";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "TEXT";
    readonly default: "smolvm";
    readonly maxLength: 127;
    readonly help: "its password, never logged";
}, {
    readonly key: "hostname";
    readonly flag: "hostname";
    readonly input: "hostname";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "smolvm-win";
    readonly maxLength: 15;
    readonly help: "computer name, 1-15 letters, digits, hyphens";
}, {
    readonly key: "edition";
    readonly flag: "edition";
    readonly input: "edition";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "Windows 11 Pro";
    readonly help: "image name in sources/install.wim";
}, {
    readonly key: "os";
    readonly flag: "os";
    readonly input: "os";
    readonly group: "Guest";
    readonly type: "choice";
    readonly values: readonly import("./options.js").WindowsOs[];
    readonly help: "Windows version";
    readonly defaultText: "derived from --edition";
}, {
    readonly key: "timezone";
    readonly flag: "timezone";
    readonly input: "timezone";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "ID";
    readonly default: "UTC";
    readonly help: "Windows time zone id";
}, {
    readonly key: "locale";
    readonly flag: "locale";
    readonly input: "locale";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "NAME";
    readonly default: "en-US";
    readonly help: "input/system/UI locale";
}, {
    readonly key: "productKey";
    readonly flag: "product-key";
    readonly input: "product-key";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "KEY";
    readonly help: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX, or none for no key";
    readonly defaultText: "the edition's generic key on client editions, else none";
}, {
    readonly key: "generalize";
    readonly flag: "generalize";
    readonly input: "generalize";
    readonly group: "Guest";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "sysprep /generalize at the end: every clone gets its own machine SID and computer name";
}, {
    readonly key: "opensshMsi";
    readonly flag: "openssh-msi";
    readonly input: "openssh-msi";
    readonly group: "Guest";
    readonly type: "string";
    readonly metavar: "PATH";
    readonly help: "Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) installed offline in the guest";
    readonly defaultText: "none; the guest then needs Windows Update, except Server 2025";
}, {
    readonly key: "automaticUpdates";
    readonly flag: "automatic-updates";
    readonly input: "automatic-updates";
    readonly group: "Guest";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "leave Windows Update automatic in the image (always off during the bake)";
}, {
    readonly key: "diskSizeMiB";
    readonly flag: "disk-size";
    readonly input: "disk-size";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "MIB";
    readonly default: 65536;
    readonly min: 1;
    readonly max: number;
    readonly hint: "Give the virtual disk size in MiB (qcow2 allows up to 2 PiB)";
    readonly help: "virtual disk size in MiB, grown on demand";
}, {
    readonly key: "memoryMiB";
    readonly flag: "memory";
    readonly input: "memory";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "MIB";
    readonly default: 4096;
    readonly min: 256;
    readonly max: number;
    readonly hint: "Give guest memory in MiB (Windows 11 wants at least 4 GiB)";
    readonly help: "guest memory in MiB";
}, {
    readonly key: "cpus";
    readonly flag: "cpus";
    readonly input: "cpus";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "N";
    readonly default: 4;
    readonly min: 1;
    readonly max: 256;
    readonly hint: "Give a count of virtual CPUs";
    readonly help: "virtual CPUs";
}, {
    readonly key: "accel";
    readonly flag: "accel";
    readonly input: "accel";
    readonly group: "VM";
    readonly type: "choice";
    readonly values: readonly import("./options.js").Accel[];
    readonly default: "auto";
    readonly help: "auto = kvm when /dev/kvm is usable; tcg is for tests only";
}, {
    readonly key: "firmware";
    readonly flag: "firmware";
    readonly input: "firmware";
    readonly group: "VM";
    readonly type: "choice";
    readonly values: readonly import("./options.js").Firmware[];
    readonly default: "uefi";
    readonly help: "OVMF, OVMF with Secure Boot + TPM, or SeaBIOS";
}, {
    readonly key: "buildTimeoutSeconds";
    readonly flag: "build-timeout";
    readonly input: "build-timeout";
    readonly group: "VM";
    readonly type: "number";
    readonly metavar: "SECONDS";
    readonly default: 2700;
    readonly min: 1;
    readonly max: number;
    readonly hint: "Give the whole-build limit in seconds";
    readonly help: "limit for the whole build";
}, {
    readonly key: "keepFirmwareState";
    readonly flag: "keep-firmware-state";
    readonly input: "keep-firmware-state";
    readonly group: "VM";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "keep the UEFI vars (and uefi-secure's TPM state) next to the image: <output>.efivars.fd, <output>.tpm/ (output without .qcow2)";
}, {
    readonly key: "workDir";
    readonly flag: "work-dir";
    readonly group: "Build";
    readonly type: "string";
    readonly metavar: "DIR";
    readonly help: "scratch directory";
    readonly defaultText: "a private one next to --output";
}, {
    readonly key: "keepWorkDir";
    readonly flag: "keep-work-dir";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "keep it afterwards (it holds the answer file, with the password); to debug a failed build, read its failure bundle (<output>.failure/) instead";
}, {
    readonly key: "compress";
    readonly flag: "no-compress";
    readonly negated: true;
    readonly input: "compression";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: true;
    readonly help: "do not zstd-compress the finished qcow2";
}, {
    readonly key: "screenshotIntervalSeconds";
    readonly flag: "screenshot-interval";
    readonly input: "screenshot-interval";
    readonly group: "Build";
    readonly type: "number";
    readonly metavar: "SECONDS";
    readonly default: 30;
    readonly min: 0;
    readonly max: 3600;
    readonly hint: "Give seconds between screenshots, 0 for none";
    readonly help: "a screenshot of the VM every N seconds, at reboots and phase changes, in the work dir (screens/); 0 = none";
}, {
    readonly key: "vnc";
    readonly flag: "vnc";
    readonly group: "Build";
    readonly type: "string";
    readonly metavar: "ADDRESS";
    readonly help: "watch the VM live over VNC at 127.0.0.1:PORT (5900 and up) or unix:PATH; loopback only";
    readonly defaultText: "off";
}, {
    readonly key: "dryRun";
    readonly flag: "dry-run";
    readonly group: "Build";
    readonly type: "boolean";
    readonly default: false;
    readonly help: "check everything, write the answer medium, print the plan; build nothing";
}];
type OptionEntry = (typeof OPTION_TABLE)[number];
/** Fails to compile when a BuildOptions property has no row. */
type AssertNever<T extends never> = T;
export type EveryOptionHasARow = AssertNever<Exclude<keyof BuildOptions, OptionEntry['key']>>;
/** The defaults by library name, with their literal types (memoryMiB: 4096). */
export type OptionDefaults = {
    readonly [Entry in Extract<OptionEntry, {
        default: unknown;
    }> as Entry['key']]: Entry['default'];
};
export declare function optionSpec<K extends keyof BuildOptions>(key: K): OptionSpec & {
    key: K;
};
/** A number option's row, for its range. */
export declare function numberSpec(key: keyof BuildOptions): NumberOption;
export {};
