/**
 * Renders the answer file and the first-logon script and packs them on the AUTOUNATTEND medium.
 * Both files are 0600 inside the 0700 work dir: the answer file holds the password.
 * Uses: the options, os, uiLanguage, productKey, workDir. Produces: answerMedium, renderedFiles.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ANSWER_FILE_NAME,
  ANSWER_MEDIUM_LABEL,
  FIRST_LOGON_SCRIPT_NAME,
  OPENSSH_MSI_DIR,
  renderAnswerFile,
  type AnswerFileInput,
} from '../../unattend/answer-file.js';
import { renderFirstLogonScript } from '../../unattend/first-logon.js';
import { chooseProductKey } from '../../unattend/generic-keys.js';
import { WINDOWS_TARGETS } from '../../unattend/windows-targets.js';
import { makeIso, type IsoSpec } from '../../tools/xorriso.js';
import type { BuildContext, Step } from '../context.js';

export function answerFileInput(context: BuildContext): AnswerFileInput {
  const { options } = context;
  // Preflight chose the key from the image's EDITIONID; without that, the given key as it is.
  const choice = context.productKey ?? chooseProductKey(options.productKey, {});
  return {
    username: options.username,
    password: options.password,
    hostname: options.hostname,
    edition: options.edition,
    os: context.os!,
    firmware: options.firmware,
    timezone: options.timezone,
    locale: options.locale,
    productKey: choice.source === 'none' ? undefined : choice.key,
    uiLanguage: context.uiLanguage,
  };
}

/**
 * The Win32-OpenSSH MSI as the first-logon script looks for it (openssh/OpenSSH-Win64*.msi), read straight
 * from where it is (a graft point, no copy). Not for Server 2025: its built-in sshd would clash with a second one.
 */
function opensshMsiOnMedium(context: BuildContext): IsoSpec['files'][number] | undefined {
  const source = context.options.opensshMsi;
  if (!source) return undefined;
  const target = WINDOWS_TARGETS[context.os!];
  if (target.openssh === 'builtin') {
    context.logger.info(`${target.displayName} has OpenSSH Server built in: --openssh-msi is not used`);
    return undefined;
  }
  const base = path.basename(source);
  const name = /^OpenSSH-Win64[^/\\]*\.msi$/i.test(base) ? base : 'OpenSSH-Win64.msi';
  context.logger.info(`OpenSSH Server: ${source} goes on the answer medium as ${OPENSSH_MSI_DIR}/${name}`);
  return { name: `${OPENSSH_MSI_DIR}/${name}`, source: path.resolve(source) };
}

export class MakeAnswerMedium implements Step {
  readonly title = 'Writing the answer medium';
  async run(context: BuildContext): Promise<void> {
    const workDir = context.workDir!;
    const input = answerFileInput(context);
    const answerFile = path.join(workDir, ANSWER_FILE_NAME);
    const script = path.join(workDir, FIRST_LOGON_SCRIPT_NAME);
    const rendered = [
      { name: ANSWER_FILE_NAME, text: renderAnswerFile(input) },
      { name: FIRST_LOGON_SCRIPT_NAME, text: renderFirstLogonScript(input) },
    ];
    writeFileSync(answerFile, rendered[0]!.text, { mode: 0o600 });
    writeFileSync(script, rendered[1]!.text, { mode: 0o600 });
    context.renderedFiles = rendered;
    const iso = path.join(workDir, 'autounattend.iso');
    const files: IsoSpec['files'] = [
      { name: ANSWER_FILE_NAME, source: answerFile },
      { name: FIRST_LOGON_SCRIPT_NAME, source: script },
    ];
    const msi = opensshMsiOnMedium(context);
    if (msi) files.push(msi);
    await makeIso({
      files,
      output: iso,
      volumeId: ANSWER_MEDIUM_LABEL,
      signal: context.signal,
    });
    context.answerMedium = iso;
    context.logger.info(`Answer medium: ${iso} (label ${ANSWER_MEDIUM_LABEL}, Joliet + Rock Ridge)`);
  }
}
