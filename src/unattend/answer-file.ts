/**
 * The answer file (autounattend.xml) and the first-logon script, rendered from templates/*.mustache.
 *
 * Every decision is made here, in TypeScript: which drivers, which partition layout, which bypasses, the
 * exact FirstLogonCommand. The templates only fill in values and show or hide sections, so what Setup will
 * do can be read (and tested) from `answerFileView` alone. Facts about Setup are in
 * notes/windows-setup.md; what differs from rgl/windows-vagrant and dockur/windows is in
 * notes/answer-file.md.
 */
import Mustache from 'mustache';
import { BuildError } from '../errors.js';
import type { Firmware, WindowsOs } from '../targets.js';
import { NO_AUTO_UPDATE_VALUE, WINDOWS_UPDATE_POLICY_KEY } from './guest-contract.js';
import { checkText, readTemplate } from './templates.js';
import { WINDOWS_TARGETS } from './windows-targets.js';

/** Volume label of the answer ISO (for humans, and for the first-logon command that looks for the script). */
export const ANSWER_MEDIUM_LABEL = 'AUTOUNATTEND';
/** Setup finds this name at the root of any CD/removable medium by itself (implicit search). */
export const ANSWER_FILE_NAME = 'autounattend.xml';
export const FIRST_LOGON_SCRIPT_NAME = 'first-logon.ps1';
/** virtio-win ISOs are labelled "virtio-win-0.1.271" etc. */
export const VIRTIO_WIN_LABEL_PREFIX = 'virtio-win';
/**
 * Put a Win32-OpenSSH MSI at `<answer medium>/openssh/OpenSSH-Win64-v….msi` and the script installs it from
 * there, offline; without it the script falls back to built-in sshd or the Windows capability.
 */
export const OPENSSH_MSI_DIR = 'openssh';
export const OPENSSH_MSI_PATTERN = 'OpenSSH-Win64*.msi';
/** Windows Setup truncates or rejects longer FirstLogonCommands CommandLines (notes/windows-setup.md). */
export const MAX_COMMAND_LINE = 1024;

/**
 * The virtio-win drivers WinPE must load: both storage drivers (the builder uses virtio-scsi, but a caller
 * may attach the disk as virtio-blk) and the network driver (so OOBE and first logon have a network).
 */
export const WINPE_DRIVERS = ['vioscsi', 'viostor', 'NetKVM'] as const;
/**
 * Drive letters at which WinPE may mount the virtio-win CD. The builder attaches three AHCI CDs (Windows,
 * virtio-win, answer), so virtio-win is normally E:. WinPE gives X: to its RAM disk and the first free
 * letters to the CDs; with a blank target disk C: can be free too, which shifts everything down by one,
 * and any extra device shifts it up. C: to I: covers both with room to spare; Setup skips paths that do
 * not exist. rgl/windows-vagrant hard-codes the one letter of its own layout (E:\); dockur/windows uses
 * no letter at all (it remasters the ISO with a $WinPEDriver$ folder).
 */
export const DRIVER_SEARCH_LETTERS = ['C', 'D', 'E', 'F', 'G', 'H', 'I'] as const;
/**
 * Windows 11 hardware checks that Setup skips when these HKLM\SYSTEM\Setup\LabConfig values are 1; set in
 * WinPE before the checks run. BypassStorageCheck lets Windows 11 install on disks below 64 GB (tests).
 */
export const LABCONFIG_BYPASSES = [
  'BypassTPMCheck',
  'BypassSecureBootCheck',
  'BypassRAMCheck',
  'BypassCPUCheck',
  'BypassStorageCheck',
] as const;
/** With uefi-secure the VM has a real TPM 2.0 and Secure Boot: only the checks a small or TCG VM can fail stay. */
const SECURE_BOOT_MET = ['BypassTPMCheck', 'BypassSecureBootCheck'];

/** The LabConfig values for this Windows version and firmware; none for versions without the checks. */
export function labConfigBypasses(os: WindowsOs, firmware: Firmware): string[] {
  if (!WINDOWS_TARGETS[os].hardwareCheckBypass) return [];
  return LABCONFIG_BYPASSES.filter((value) => firmware !== 'uefi-secure' || !SECURE_BOOT_MET.includes(value));
}

export interface AnswerFileInput {
  username: string;
  password: string;
  hostname: string;
  /** The image NAME inside install.wim/esd, matched exactly by Setup. */
  edition: string;
  os: WindowsOs;
  firmware: Firmware;
  /** Windows time zone id, e.g. "UTC". */
  timezone: string;
  /** Input, system and user locale, e.g. "en-US". */
  locale: string;
  productKey?: string;
  /**
   * Language of Setup's own UI and of the installed Windows UI; it must be a language the ISO contains
   * (install.wim XML: LANGUAGES/DEFAULT). Defaults to `locale`, which is right for an ISO in that language.
   */
  uiLanguage?: string;
}

export interface SetupCommand {
  order: number;
  description: string;
  /** The command line, as Setup runs it (no shell). */
  path: string;
}

export interface DriverPath {
  /** wcm:keyValue: unique within DriverPaths. */
  key: string;
  path: string;
}

export interface AnswerFileView {
  username: string;
  password: string;
  hostname: string;
  edition: string;
  timezone: string;
  locale: string;
  uiLanguage: string;
  /** GPT: EFI system partition, MSR, Windows. */
  uefi: boolean;
  /** MBR: active System Reserved partition, Windows. */
  bios: boolean;
  /** The partition Windows is installed to (after EFI + MSR on GPT, after System Reserved on MBR). */
  windowsPartitionId: number;
  efiPartitionMiB: number;
  msrPartitionMiB: number;
  systemReservedMiB: number;
  hasProductKey: boolean;
  productKey: string;
  /** "OnError" with a key (an invalid key shows Setup's error); "Never" without one. */
  productKeyWillShowUI: 'OnError' | 'Never';
  isServer: boolean;
  isClient: boolean;
  labConfigBypass: boolean;
  driverPaths: DriverPath[];
  windowsPeCommands: SetupCommand[];
  hasWindowsPeCommands: boolean;
  specializeCommands: SetupCommand[];
  hasSpecializeCommands: boolean;
  /** AutoLogon for exactly the first logon, which runs the FirstLogonCommand. */
  autoLogonCount: number;
  firstLogonCommandLine: string;
}

/** Escapes exactly the five XML special characters; for element text and attribute values alike. */
export function xmlEscape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => XML_ENTITIES[c as keyof typeof XML_ENTITIES]);
}
const XML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' } as const;

/** The DriverPaths entries for one Windows version: `<letter>:\<driver>\<os folder>\amd64`. */
export function driverPaths(os: WindowsOs): DriverPath[] {
  const folder = WINDOWS_TARGETS[os].virtioFolder;
  const paths: DriverPath[] = [];
  for (const letter of DRIVER_SEARCH_LETTERS) {
    for (const driver of WINPE_DRIVERS) {
      paths.push({ key: String(paths.length + 1), path: `${letter}:\\${driver}\\${folder}\\amd64` });
    }
  }
  return paths;
}

/**
 * The one FirstLogonCommand: find the answer medium by its label (never by letter: notes/windows-setup.md), else
 * the first drive that holds the script, and run the script. Client Windows' execution policy is
 * Restricted, hence -ExecutionPolicy Bypass; -NonInteractive turns a prompt into an error instead of a hang.
 * Get-Volume lists CD volumes with their labels; the drive scan is the fallback if it does not.
 */
export function firstLogonCommandLine(): string {
  const label = ANSWER_MEDIUM_LABEL;
  const script = FIRST_LOGON_SCRIPT_NAME;
  const command = [
    `$v = Get-Volume -FileSystemLabel '${label}' -ErrorAction SilentlyContinue | Where-Object { $_.DriveLetter } | Select-Object -First 1`,
    `if ($v) { $r = [string]$v.DriveLetter + ':' } else { $r = Get-PSDrive -PSProvider FileSystem | Where-Object { Test-Path -LiteralPath (Join-Path $_.Root '${script}') } | Select-Object -First 1 -ExpandProperty Root }`,
    `& (Join-Path $r '${script}')`,
  ].join('; ');
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${command}"`;
}

/**
 * The specialize pass's RunSynchronous commands: client Windows only. The clones' answer file (after sysprep)
 * runs the same ones, since specialize runs again there.
 */
export function specializePassCommands(os: WindowsOs): SetupCommand[] {
  const specializeCommands: SetupCommand[] = [];
  if (!WINDOWS_TARGETS[os].isServer) {
    // Windows 11 (and late Windows 10) OOBE insists on a network and a Microsoft account; BypassNRO lets it
    // go on offline with the local account below. Read by OOBE, so it must be set before oobeSystem.
    specializeCommands.push({
      order: specializeCommands.length + 1,
      description: 'Let OOBE continue without a network (BypassNRO)',
      path: 'reg.exe add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\OOBE /v BypassNRO /t REG_DWORD /d 1 /f',
    });
    // 24H2 turns on BitLocker device encryption by itself when the VM has a TPM (firmware uefi-secure):
    // an encrypted C: neither compresses nor trims, and its key would sit in this build's swtpm state.
    specializeCommands.push({
      order: specializeCommands.length + 1,
      description: 'No automatic BitLocker device encryption',
      path: 'reg.exe add HKLM\\SYSTEM\\CurrentControlSet\\Control\\BitLocker /v PreventDeviceEncryption /t REG_DWORD /d 1 /f',
    });
  }
  return specializeCommands;
}

/** Turns the build's values into the answer-file template's view. Pure. */
export function answerFileView(input: AnswerFileInput): AnswerFileView {
  const target = WINDOWS_TARGETS[input.os];
  if (!target) throw new BuildError('invalid-option', `Unknown Windows version "${String(input.os)}"`);
  const uiLanguage = input.uiLanguage ?? input.locale;
  checkText({ ...input, uiLanguage });

  const uefi = input.firmware !== 'bios';
  // Windows 11 only; with 'uefi-secure' the TPM and Secure Boot checks are met genuinely, while RAM, CPU
  // (TCG's model) and disk size may still fall short on a test-sized VM.
  const bypasses = labConfigBypasses(input.os, input.firmware);
  const labConfigBypass = bypasses.length > 0;
  const productKey = input.productKey?.trim() ?? '';

  const windowsPeCommands: SetupCommand[] = labConfigBypass
    ? bypasses.map((value, index) => ({
        order: index + 1,
        description: `Windows 11 hardware check: ${value}`,
        path: `reg.exe add HKLM\\SYSTEM\\Setup\\LabConfig /v ${value} /t REG_DWORD /d 1 /f`,
      }))
    : [];

  // First: automatic updates stay off for the whole bake (guest-contract.ts says why). Only here, not in the
  // clones' specialize: the image keeps the policy, or lost it on purpose (automaticUpdates).
  const specializeCommands: SetupCommand[] = [
    {
      order: 1,
      description: 'No automatic Windows Update during the bake (NoAutoUpdate policy)',
      path: `reg.exe add ${WINDOWS_UPDATE_POLICY_KEY} /v ${NO_AUTO_UPDATE_VALUE} /t REG_DWORD /d 1 /f`,
    },
    ...specializePassCommands(input.os).map((command) => ({ ...command, order: command.order + 1 })),
  ];

  return {
    username: input.username,
    password: input.password,
    hostname: input.hostname,
    edition: input.edition,
    timezone: input.timezone,
    locale: input.locale,
    uiLanguage,
    uefi,
    bios: !uefi,
    windowsPartitionId: uefi ? 3 : 2,
    // 260 MB is Microsoft's minimum for an ESP on 4Kn disks (FAT32 limit); it also fits 512-byte disks.
    efiPartitionMiB: 260,
    msrPartitionMiB: 16,
    // Holds only the boot manager and BCD (WinRE stays on C:, see the template); Setup's own size today.
    systemReservedMiB: 500,
    hasProductKey: productKey !== '',
    productKey,
    productKeyWillShowUI: productKey !== '' ? 'OnError' : 'Never',
    isServer: target.isServer,
    isClient: !target.isServer,
    labConfigBypass,
    driverPaths: driverPaths(input.os),
    windowsPeCommands,
    hasWindowsPeCommands: windowsPeCommands.length > 0,
    specializeCommands,
    hasSpecializeCommands: specializeCommands.length > 0,
    autoLogonCount: 1,
    firstLogonCommandLine: firstLogonCommandLine(),
  };
}

const ANSWER_TEMPLATE = 'autounattend.xml.mustache';

/** autounattend.xml for this build. Contains the password (in plain text, XML-escaped). */
export function renderAnswerFile(input: AnswerFileInput): string {
  return Mustache.render(readTemplate(ANSWER_TEMPLATE), answerFileView(input), {}, { escape: xmlEscape });
}
