/**
 * Every build option once: its library name, CLI flag, action input, type, default, range and help line.
 * The CLI's flags and --help, the action's inputs, the library's DEFAULTS and the checks all read this table;
 * action.yml and README.md repeat it in prose, and a test holds them to it.
 */
import { ACCELS, FIRMWARES, WINDOWS_OSES } from '../targets.js';
import type { NumberOption, OptionSpec } from './option-spec.js';
import type { BuildOptions } from './options.js';

export const OPTION_TABLE = [
  {
    key: 'iso',
    flag: 'iso',
    input: 'iso',
    group: 'Required',
    type: 'string',
    metavar: 'PATH',
    requiredExample: 'Win11_24H2_English_x64.iso',
    help: 'Windows installation ISO',
  },
  {
    key: 'virtioWinIso',
    flag: 'virtio-win-iso',
    input: 'virtio-win-iso',
    group: 'Required',
    type: 'string',
    metavar: 'PATH',
    requiredExample: 'virtio-win.iso',
    help: 'virtio-win driver ISO',
  },
  {
    key: 'output',
    flag: 'output',
    short: 'o',
    input: 'output',
    group: 'Required',
    type: 'string',
    metavar: 'PATH',
    requiredExample: 'windows-11.qcow2',
    help: 'where the finished qcow2 appears (refused if it exists and is not empty)',
  },
  {
    key: 'username',
    flag: 'username',
    input: 'username',
    group: 'Guest',
    type: 'string',
    metavar: 'NAME',
    default: 'smolvm',
    maxLength: 20,
    help: 'local administrator account',
  },
  {
    key: 'password',
    flag: 'password',
    input: 'password',
    group: 'Guest',
    type: 'string',
    metavar: 'TEXT',
    default: 'smolvm',
    // Windows refuses longer passwords for local accounts.
    maxLength: 127,
    help: 'its password, never logged',
  },
  {
    key: 'hostname',
    flag: 'hostname',
    input: 'hostname',
    group: 'Guest',
    type: 'string',
    metavar: 'NAME',
    default: 'smolvm-win',
    // The NetBIOS limit.
    maxLength: 15,
    help: 'computer name, 1-15 letters, digits, hyphens',
  },
  {
    key: 'edition',
    flag: 'edition',
    input: 'edition',
    group: 'Guest',
    type: 'string',
    metavar: 'NAME',
    default: 'Windows 11 Pro',
    help: 'image name in sources/install.wim',
  },
  {
    key: 'os',
    flag: 'os',
    input: 'os',
    group: 'Guest',
    type: 'choice',
    values: WINDOWS_OSES,
    help: 'Windows version',
    defaultText: 'derived from --edition',
  },
  {
    key: 'timezone',
    flag: 'timezone',
    input: 'timezone',
    group: 'Guest',
    type: 'string',
    metavar: 'ID',
    default: 'UTC',
    help: 'Windows time zone id',
  },
  {
    key: 'locale',
    flag: 'locale',
    input: 'locale',
    group: 'Guest',
    type: 'string',
    metavar: 'NAME',
    default: 'en-US',
    help: 'input/system/UI locale',
  },
  {
    key: 'productKey',
    flag: 'product-key',
    input: 'product-key',
    group: 'Guest',
    type: 'string',
    metavar: 'KEY',
    help: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX, or none for no key',
    defaultText: "the edition's generic key on client editions, else none",
  },
  {
    key: 'generalize',
    flag: 'generalize',
    input: 'generalize',
    group: 'Guest',
    type: 'boolean',
    default: false,
    help: 'sysprep /generalize at the end: every clone gets its own machine SID and computer name',
  },
  {
    key: 'opensshMsi',
    flag: 'openssh-msi',
    input: 'openssh-msi',
    group: 'Guest',
    type: 'string',
    metavar: 'PATH',
    help: 'Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) installed offline in the guest',
    defaultText: 'none; the guest then needs Windows Update, except Server 2025',
  },
  {
    key: 'automaticUpdates',
    flag: 'automatic-updates',
    input: 'automatic-updates',
    group: 'Guest',
    type: 'boolean',
    default: false,
    help: 'leave Windows Update automatic in the image (always off during the bake)',
  },
  {
    key: 'diskSizeMiB',
    flag: 'disk-size',
    input: 'disk-size',
    group: 'VM',
    type: 'number',
    metavar: 'MIB',
    default: 65536,
    // Small disks are allowed (tests use them); below the OS's need is a warning, not an error.
    min: 1,
    // qcow2's largest virtual size with the default 64 KiB clusters: 2 PiB (qemu-img refuses more).
    max: 2 * 1024 * 1024 * 1024,
    hint: 'Give the virtual disk size in MiB (qcow2 allows up to 2 PiB)',
    help: 'virtual disk size in MiB, grown on demand',
  },
  {
    key: 'memoryMiB',
    flag: 'memory',
    input: 'memory',
    group: 'VM',
    type: 'number',
    metavar: 'MIB',
    default: 4096,
    min: 256,
    max: 4 * 1024 * 1024,
    hint: 'Give guest memory in MiB (Windows 11 wants at least 4 GiB)',
    help: 'guest memory in MiB',
  },
  {
    key: 'cpus',
    flag: 'cpus',
    input: 'cpus',
    group: 'VM',
    type: 'number',
    metavar: 'N',
    default: 4,
    min: 1,
    max: 256,
    hint: 'Give a count of virtual CPUs',
    help: 'virtual CPUs',
  },
  {
    key: 'accel',
    flag: 'accel',
    input: 'accel',
    group: 'VM',
    type: 'choice',
    values: ACCELS,
    default: 'auto',
    help: 'auto = kvm when /dev/kvm is usable; tcg is for tests only',
  },
  {
    key: 'firmware',
    flag: 'firmware',
    input: 'firmware',
    group: 'VM',
    type: 'choice',
    values: FIRMWARES,
    default: 'uefi',
    help: 'OVMF, OVMF with Secure Boot + TPM, or SeaBIOS',
  },
  {
    key: 'buildTimeoutSeconds',
    flag: 'build-timeout',
    input: 'build-timeout',
    group: 'VM',
    type: 'number',
    metavar: 'SECONDS',
    default: 2700,
    min: 1,
    max: 7 * 24 * 3600,
    hint: 'Give the whole-build limit in seconds',
    help: 'limit for the whole build',
  },
  {
    key: 'keepFirmwareState',
    flag: 'keep-firmware-state',
    input: 'keep-firmware-state',
    group: 'VM',
    type: 'boolean',
    default: false,
    help: "keep the UEFI vars (and uefi-secure's TPM state) next to the image: <output>.efivars.fd, <output>.tpm/ (output without .qcow2)",
  },
  {
    // The action picks its own work dir under runner.temp, for its post step to clean up.
    key: 'workDir',
    flag: 'work-dir',
    group: 'Build',
    type: 'string',
    metavar: 'DIR',
    help: 'scratch directory',
    defaultText: 'a private one next to --output',
  },
  {
    key: 'keepWorkDir',
    flag: 'keep-work-dir',
    group: 'Build',
    type: 'boolean',
    default: false,
    help: 'keep it afterwards (it holds the answer file, with the password); to debug a failed build, read its failure bundle (<output>.failure/) instead',
  },
  {
    key: 'compress',
    flag: 'no-compress',
    negated: true,
    input: 'compression',
    group: 'Build',
    type: 'boolean',
    default: true,
    help: 'do not zstd-compress the finished qcow2',
  },
  {
    key: 'screenshotIntervalSeconds',
    flag: 'screenshot-interval',
    input: 'screenshot-interval',
    group: 'Build',
    type: 'number',
    metavar: 'SECONDS',
    default: 30,
    min: 0,
    max: 3600,
    hint: 'Give seconds between screenshots, 0 for none',
    help: 'a screenshot of the VM every N seconds, at reboots and phase changes, in the work dir (screens/); 0 = none',
  },
  {
    // A runner is remote and its job ends with the bake: the action has no use for a VNC server.
    key: 'vnc',
    flag: 'vnc',
    group: 'Build',
    type: 'string',
    metavar: 'ADDRESS',
    help: 'watch the VM live over VNC at 127.0.0.1:PORT (5900 and up) or unix:PATH; loopback only',
    defaultText: 'off',
  },
  {
    key: 'dryRun',
    flag: 'dry-run',
    group: 'Build',
    type: 'boolean',
    default: false,
    help: 'check everything, write the answer medium, print the plan; build nothing',
  },
] as const satisfies readonly OptionSpec[];

type OptionEntry = (typeof OPTION_TABLE)[number];

/** Fails to compile when a BuildOptions property has no row. */
type AssertNever<T extends never> = T;
export type EveryOptionHasARow = AssertNever<Exclude<keyof BuildOptions, OptionEntry['key']>>;

/** The defaults by library name, with their literal types (memoryMiB: 4096). */
export type OptionDefaults = {
  readonly [Entry in Extract<OptionEntry, { default: unknown }> as Entry['key']]: Entry['default'];
};

export function optionSpec<K extends keyof BuildOptions>(key: K): OptionSpec & { key: K } {
  const spec = (OPTION_TABLE as readonly OptionSpec[]).find((entry) => entry.key === key);
  if (!spec) throw new Error(`no option ${key} in OPTION_TABLE`);
  return spec as OptionSpec & { key: K };
}

/** A number option's row, for its range. */
export function numberSpec(key: keyof BuildOptions): NumberOption {
  const spec = optionSpec(key);
  if (spec.type !== 'number') throw new Error(`option ${key} is not a number`);
  return spec;
}
