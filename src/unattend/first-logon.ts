/**
 * The first-logon script (first-logon.ps1), rendered from templates/first-logon.ps1.mustache: the values go in
 * as single-quoted PowerShell strings, and the script never contains the password.
 */
import Mustache from 'mustache';
import { psSingleQuotedEscape } from '../guest/scripts.js';
import { BuildError } from '../errors.js';
import {
  ANSWER_MEDIUM_LABEL,
  OPENSSH_MSI_DIR,
  OPENSSH_MSI_PATTERN,
  VIRTIO_WIN_LABEL_PREFIX,
  type AnswerFileInput,
} from './answer-file.js';
import {
  FIRST_LOGON_LOG_PATH,
  GUEST_FAILURE_PREFIX,
  GUEST_PROGRESS_PREFIX,
  READY_MARKER_PATH,
  READY_MARKER_TEXT,
  READY_SIGNAL,
} from './guest-contract.js';
import { checkText, readTemplate } from './templates.js';
import { WINDOWS_TARGETS, type OpenSshSource } from './windows-targets.js';

const SCRIPT_TEMPLATE = 'first-logon.ps1.mustache';

/** The first-logon script needs only these; an AnswerFileInput fits too (the password is never used). */
export type FirstLogonInput = Pick<AnswerFileInput, 'username' | 'os'>;

export interface FirstLogonScriptView {
  username: string;
  osName: string;
  opensshSource: OpenSshSource;
  answerLabel: string;
  virtioLabelPrefix: string;
  opensshMsiDir: string;
  opensshMsiPattern: string;
  logPath: string;
  progressPrefix: string;
  failurePrefix: string;
  readyMarkerPath: string;
  readyMarkerText: string;
  readySignal: string;
}

/** The first-logon script's view. It has no password field, on purpose. */
export function firstLogonScriptView(input: FirstLogonInput): FirstLogonScriptView {
  const target = WINDOWS_TARGETS[input.os];
  if (!target) throw new BuildError('invalid-option', `Unknown Windows version "${String(input.os)}"`);
  checkText({ username: input.username });
  return {
    username: input.username,
    osName: target.displayName,
    opensshSource: target.openssh,
    answerLabel: ANSWER_MEDIUM_LABEL,
    virtioLabelPrefix: VIRTIO_WIN_LABEL_PREFIX,
    opensshMsiDir: OPENSSH_MSI_DIR,
    opensshMsiPattern: OPENSSH_MSI_PATTERN,
    logPath: FIRST_LOGON_LOG_PATH,
    progressPrefix: GUEST_PROGRESS_PREFIX,
    failurePrefix: GUEST_FAILURE_PREFIX,
    readyMarkerPath: READY_MARKER_PATH,
    readyMarkerText: READY_MARKER_TEXT,
    readySignal: READY_SIGNAL,
  };
}

/**
 * first-logon.ps1 for this build. Starts with a UTF-8 byte order mark: Windows PowerShell 5.1 reads a .ps1
 * without one in the ANSI code page, which would garble a non-ASCII user name.
 */
export function renderFirstLogonScript(input: FirstLogonInput): string {
  const script = Mustache.render(
    readTemplate(SCRIPT_TEMPLATE),
    firstLogonScriptView(input),
    {},
    {
      escape: psSingleQuotedEscape,
    },
  );
  return '\uFEFF' + script;
}
