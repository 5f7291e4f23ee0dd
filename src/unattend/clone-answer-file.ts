/**
 * The answer file sysprep hands to every clone of a generalized image (templates/clone-unattend.xml.mustache),
 * and the SetupComplete.cmd that deletes it again. Why it looks like this: notes/answer-file.md, "Cloning".
 */
import Mustache from 'mustache';
import { psLiteral } from '../guest/scripts.js';
import type { WindowsOs } from '../targets.js';
import { specializePassCommands, xmlEscape, type SetupCommand } from './answer-file.js';
import { checkText, readTemplate } from './templates.js';
import { WINDOWS_TARGETS } from './windows-targets.js';

/** Where the host puts the clones' answer file for sysprep: an administrators-only folder. */
export const CLONE_ANSWER_FILE = 'C:\\Windows\\System32\\Sysprep\\bake-windows-image-unattend.xml';
/** sysprep /unattend copies the file here; Setup reads it at the clone's first boot. */
export const PANTHER_ANSWER_FILE = 'C:\\Windows\\Panther\\unattend.xml';
/** Run by Setup as SYSTEM once the clone's specialize and OOBE are done, before anyone signs in. */
export const SETUP_COMPLETE_FILE = 'C:\\Windows\\Setup\\Scripts\\SetupComplete.cmd';
/** Windows' random computer name (DESKTOP-XXXXXXX, WIN-XXXXXXXXXXX). */
export const RANDOM_COMPUTER_NAME = '*';

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
export function cloneAnswerFileView(input: CloneAnswerFileInput): CloneAnswerFileView {
  const uiLanguage = input.uiLanguage ?? input.locale;
  checkText({ ...input, uiLanguage });
  const isServer = WINDOWS_TARGETS[input.os].isServer;
  const specializeCommands = specializePassCommands(input.os);
  return {
    username: input.username,
    password: input.password,
    computerName: RANDOM_COMPUTER_NAME,
    timezone: input.timezone,
    locale: input.locale,
    uiLanguage,
    isServer,
    isClient: !isServer,
    specializeCommands,
    hasSpecializeCommands: specializeCommands.length > 0,
  };
}

/** The clones' unattend.xml. Contains the password (plain text, XML-escaped). */
export function renderCloneAnswerFile(input: CloneAnswerFileInput): string {
  return Mustache.render(
    readTemplate('clone-unattend.xml.mustache'),
    cloneAnswerFileView(input),
    {},
    {
      escape: xmlEscape,
    },
  );
}

/**
 * SetupComplete.cmd: deletes the two copies of the clones' answer file, which hold the password. Setup runs
 * it as SYSTEM at the end of the clone's first boot, with no one signed in. No secret in it. CRLF, ASCII.
 */
export function setupCompleteCmd(): string {
  const remove = [PANTHER_ANSWER_FILE, CLONE_ANSWER_FILE]
    .map((file) => `Remove-Item -LiteralPath ${psLiteral(file)} -Force -ErrorAction SilentlyContinue`)
    .join('; ');
  return [
    '@echo off',
    'rem bake-windows-image: this clone is set up; the answer file that carried the password goes.',
    `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "${remove}"`,
    '',
  ].join('\r\n');
}
