/**
 * Renders the answer file and the first-logon script and packs them on the AUTOUNATTEND medium.
 * Both files are 0600 inside the 0700 work dir: the answer file holds the password.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ANSWER_FILE_NAME,
  ANSWER_MEDIUM_LABEL,
  FIRST_LOGON_SCRIPT_NAME,
  renderAnswerFile,
  renderFirstLogonScript,
  type AnswerFileInput,
} from '../../unattend/answer-file.js';
import { makeIso } from '../../tools/xorriso.js';
import type { BuildContext, Step } from '../context.js';

export function answerFileInput(context: BuildContext): AnswerFileInput {
  const { options } = context;
  return {
    username: options.username,
    password: options.password,
    hostname: options.hostname,
    edition: options.edition,
    os: context.os!,
    firmware: options.firmware,
    timezone: options.timezone,
    locale: options.locale,
    productKey: options.productKey,
  };
}

export const answerMedium: Step = {
  title: 'Writing the answer medium',
  async run(context) {
    const workDir = context.workDir!;
    const input = answerFileInput(context);
    const answerFile = path.join(workDir, ANSWER_FILE_NAME);
    const script = path.join(workDir, FIRST_LOGON_SCRIPT_NAME);
    writeFileSync(answerFile, renderAnswerFile(input), { mode: 0o600 });
    writeFileSync(script, renderFirstLogonScript(input), { mode: 0o600 });
    const iso = path.join(workDir, 'autounattend.iso');
    await makeIso({
      files: [
        { name: ANSWER_FILE_NAME, source: answerFile },
        { name: FIRST_LOGON_SCRIPT_NAME, source: script },
      ],
      output: iso,
      volumeId: ANSWER_MEDIUM_LABEL,
      signal: context.signal,
    });
    context.answerMedium = iso;
    context.logger.info(`Answer medium: ${iso} (label ${ANSWER_MEDIUM_LABEL}, Joliet + Rock Ridge)`);
  },
};
