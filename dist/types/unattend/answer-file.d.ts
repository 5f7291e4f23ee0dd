import type { Firmware, WindowsOs } from '../targets.js';
/** Volume label of the answer ISO (for humans, and for the first-logon command that looks for the script). */
export declare const ANSWER_MEDIUM_LABEL = "AUTOUNATTEND";
/** Setup finds this name at the root of any CD/removable medium by itself (implicit search). */
export declare const ANSWER_FILE_NAME = "autounattend.xml";
export declare const FIRST_LOGON_SCRIPT_NAME = "first-logon.ps1";
/** virtio-win ISOs are labelled "virtio-win-0.1.271" etc. */
export declare const VIRTIO_WIN_LABEL_PREFIX = "virtio-win";
/**
 * Put a Win32-OpenSSH MSI at `<answer medium>/openssh/OpenSSH-Win64-v….msi` and the script installs it from
 * there, offline; without it the script falls back to built-in sshd or the Windows capability.
 */
export declare const OPENSSH_MSI_DIR = "openssh";
export declare const OPENSSH_MSI_PATTERN = "OpenSSH-Win64*.msi";
/** Windows Setup truncates or rejects longer FirstLogonCommands CommandLines (notes/windows-setup.md). */
export declare const MAX_COMMAND_LINE = 1024;
/**
 * The virtio-win drivers WinPE must load: both storage drivers (the builder uses virtio-scsi, but a caller
 * may attach the disk as virtio-blk) and the network driver (so OOBE and first logon have a network).
 */
export declare const WINPE_DRIVERS: readonly ["vioscsi", "viostor", "NetKVM"];
/**
 * Drive letters at which WinPE may mount the virtio-win CD. The builder attaches three AHCI CDs (Windows,
 * virtio-win, answer), so virtio-win is normally E:. WinPE gives X: to its RAM disk and the first free
 * letters to the CDs; with a blank target disk C: can be free too, which shifts everything down by one,
 * and any extra device shifts it up. C: to I: covers both with room to spare; Setup skips paths that do
 * not exist. rgl/windows-vagrant hard-codes the one letter of its own layout (E:\); dockur/windows uses
 * no letter at all (it remasters the ISO with a $WinPEDriver$ folder).
 */
export declare const DRIVER_SEARCH_LETTERS: readonly ["C", "D", "E", "F", "G", "H", "I"];
/**
 * Windows 11 hardware checks that Setup skips when these HKLM\SYSTEM\Setup\LabConfig values are 1; set in
 * WinPE before the checks run. BypassStorageCheck lets Windows 11 install on disks below 64 GB (tests).
 */
export declare const LABCONFIG_BYPASSES: readonly ["BypassTPMCheck", "BypassSecureBootCheck", "BypassRAMCheck", "BypassCPUCheck", "BypassStorageCheck"];
/** The LabConfig values for this Windows version and firmware; none for versions without the checks. */
export declare function labConfigBypasses(os: WindowsOs, firmware: Firmware): string[];
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
export declare function xmlEscape(value: unknown): string;
/** The DriverPaths entries for one Windows version: `<letter>:\<driver>\<os folder>\amd64`. */
export declare function driverPaths(os: WindowsOs): DriverPath[];
/**
 * The one FirstLogonCommand: find the answer medium by its label (never by letter: notes/windows-setup.md), else
 * the first drive that holds the script, and run the script. Client Windows' execution policy is
 * Restricted, hence -ExecutionPolicy Bypass; -NonInteractive turns a prompt into an error instead of a hang.
 * Get-Volume lists CD volumes with their labels; the drive scan is the fallback if it does not.
 */
export declare function firstLogonCommandLine(): string;
/**
 * The specialize pass's RunSynchronous commands: client Windows only. The clones' answer file (after sysprep)
 * runs the same ones, since specialize runs again there.
 */
export declare function specializePassCommands(os: WindowsOs): SetupCommand[];
/** Turns the build's values into the answer-file template's view. Pure. */
export declare function answerFileView(input: AnswerFileInput): AnswerFileView;
/** autounattend.xml for this build. Contains the password (in plain text, XML-escaped). */
export declare function renderAnswerFile(input: AnswerFileInput): string;
