import type { WindowsOs } from '../targets.js';
import { type SetupCommand } from './answer-file.js';
/** Where the host puts the clones' answer file for sysprep: an administrators-only folder. */
export declare const CLONE_ANSWER_FILE = "C:\\Windows\\System32\\Sysprep\\bake-windows-image-unattend.xml";
/** sysprep /unattend copies the file here; Setup reads it at the clone's first boot. */
export declare const PANTHER_ANSWER_FILE = "C:\\Windows\\Panther\\unattend.xml";
/** Run by Setup as SYSTEM once the clone's specialize and OOBE are done, before anyone signs in. */
export declare const SETUP_COMPLETE_FILE = "C:\\Windows\\Setup\\Scripts\\SetupComplete.cmd";
/** Windows' random computer name (DESKTOP-XXXXXXX, WIN-XXXXXXXXXXX). */
export declare const RANDOM_COMPUTER_NAME = "*";
export interface CloneAnswerFileInput {
    username: string;
    password: string;
    os: WindowsOs;
    timezone: string;
    locale: string;
    uiLanguage?: string;
}
export interface CloneAnswerFileView {
    username: string;
    password: string;
    computerName: string;
    timezone: string;
    locale: string;
    uiLanguage: string;
    isServer: boolean;
    isClient: boolean;
    specializeCommands: SetupCommand[];
    hasSpecializeCommands: boolean;
}
/** The template's view. Pure. */
export declare function cloneAnswerFileView(input: CloneAnswerFileInput): CloneAnswerFileView;
/** The clones' unattend.xml. Contains the password (plain text, XML-escaped). */
export declare function renderCloneAnswerFile(input: CloneAnswerFileInput): string;
/**
 * SetupComplete.cmd: deletes the two copies of the clones' answer file, which hold the password. Setup runs
 * it as SYSTEM at the end of the clone's first boot, with no one signed in. No secret in it. CRLF, ASCII.
 */
export declare function setupCompleteCmd(): string;
