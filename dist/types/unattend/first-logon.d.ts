import { type AnswerFileInput } from './answer-file.js';
import { type OpenSshSource } from './windows-targets.js';
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
export declare function firstLogonScriptView(input: FirstLogonInput): FirstLogonScriptView;
/**
 * first-logon.ps1 for this build. Starts with a UTF-8 byte order mark: Windows PowerShell 5.1 reads a .ps1
 * without one in the ANSI code page, which would garble a non-ASCII user name.
 */
export declare function renderFirstLogonScript(input: FirstLogonInput): string;
