/**
 * The answer file for every Windows version × firmware, and the first-logon script for every Windows version,
 * rendered from fixed inputs and compared byte for byte with the files committed under test/answer-files/.
 * They are there to be read and reviewed (and diffed when the template changes), not only to be tested.
 *
 * After an intended change to templates/ or src/unattend/, regenerate them and review the diff:
 *
 *   UPDATE_ANSWER_SNAPSHOTS=1 NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects unit --testPathPatterns answer-file-snapshots
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Firmware, WindowsOs } from '../../src/bake/options.js';
import { renderAnswerFile, type AnswerFileInput } from '../../src/unattend/answer-file.js';
import { renderFirstLogonScript } from '../../src/unattend/first-logon.js';
import { chooseProductKey } from '../../src/unattend/generic-keys.js';
import { renderCloneAnswerFile } from '../../src/unattend/clone-answer-file.js';
import { templatesDir } from '../../src/unattend/templates.js';
import { EDITIONS, FIRMWARES, OSES } from '../support/targets.js';

const SNAPSHOT_DIR = path.join(path.dirname(templatesDir()), 'test', 'answer-files');
const UPDATE = process.env.UPDATE_ANSWER_SNAPSHOTS === '1';
const REGENERATE =
  'UPDATE_ANSWER_SNAPSHOTS=1 NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects unit --testPathPatterns answer-file-snapshots';

/** The fixed inputs of every snapshot: the defaults of the CLI, a placeholder password, no product key. */
function snapshotInput(os: WindowsOs, firmware: Firmware): AnswerFileInput {
  return {
    username: 'smolvm',
    password: 'P@ssw0rd!',
    hostname: 'smolvm-win',
    edition: EDITIONS[os],
    os,
    firmware,
    timezone: 'UTC',
    locale: 'en-US',
  };
}

const answerFileName = (os: WindowsOs, firmware: Firmware) => `${os}-${firmware}.xml`;
const scriptName = (os: WindowsOs) => `first-logon-${os}.ps1`;

/** Where two texts first differ, for the failure message. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `first difference at line ${i + 1}:\n  committed: ${JSON.stringify(a[i] ?? '(end of file)')}\n  rendered:  ${JSON.stringify(b[i] ?? '(end of file)')}`;
    }
  }
  return 'the bytes differ (encoding, byte order mark or line endings)';
}

/** Compares with the committed file, or (UPDATE_ANSWER_SNAPSHOTS=1) writes it. */
function matchSnapshot(name: string, rendered: string): void {
  const file = path.join(SNAPSHOT_DIR, name);
  const bytes = Buffer.from(rendered, 'utf8');
  if (UPDATE) {
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    if (!existsSync(file) || !readFileSync(file).equals(bytes)) writeFileSync(file, bytes);
    return;
  }
  const relative = path.relative(path.dirname(SNAPSHOT_DIR), file);
  if (!existsSync(file)) {
    throw new Error(`test/${relative} does not exist. Create it with:\n  ${REGENERATE}`);
  }
  const committed = readFileSync(file);
  if (!committed.equals(bytes)) {
    throw new Error(
      `test/${relative} is not what the template renders now; ${firstDifference(committed.toString('utf8'), rendered)}\n` +
        `If the change is intended, regenerate the snapshots, review the diff and commit them:\n  ${REGENERATE}`,
    );
  }
}

describe.each(OSES)('committed answer files for %s', (os) => {
  it.each(FIRMWARES)(`test/answer-files/${os}-%s.xml is what the template renders`, (firmware) => {
    matchSnapshot(answerFileName(os, firmware), renderAnswerFile(snapshotInput(os, firmware)));
  });

  it(`test/answer-files/first-logon-${os}.ps1 is what the template renders`, () => {
    matchSnapshot(scriptName(os), renderFirstLogonScript(snapshotInput(os, 'uefi')));
  });
});

/** A client edition with no --product-key: its generic key, as preflight chooses it from install.wim. */
const GENERIC_KEY_SNAPSHOT = 'w11-uefi-generic-key.xml';
it(`test/answer-files/${GENERIC_KEY_SNAPSHOT} carries the Professional generic key`, () => {
  const choice = chooseProductKey(undefined, { editionId: 'Professional', installationType: 'Client' });
  expect(choice).toMatchObject({ source: 'generic', key: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T' });
  const rendered = renderAnswerFile({
    ...snapshotInput('w11', 'uefi'),
    productKey: choice.source === 'none' ? undefined : choice.key,
  });
  expect(rendered).toContain('<Key>VK7JG-NPHTM-C97JM-9MPGT-3V66T</Key>');
  expect(rendered).toContain('<WillShowUI>OnError</WillShowUI>\n        </ProductKey>');
  matchSnapshot(GENERIC_KEY_SNAPSHOT, rendered);
});

/** The clones' answer file (--generalize), for one client and one server version. */
const CLONE_SNAPSHOTS = (['w11', '2k22'] as const).map((os) => [os, `clone-${os}.xml`] as const);
it.each(CLONE_SNAPSHOTS)("test/answer-files/clone-%s.xml is the clones' answer file", (os, name) => {
  const { username, password, timezone, locale } = snapshotInput(os, 'uefi');
  matchSnapshot(name, renderCloneAnswerFile({ username, password, os, timezone, locale }));
});

describe('the committed snapshot folder', () => {
  const expected = [
    ...OSES.flatMap((os) => FIRMWARES.map((firmware) => answerFileName(os, firmware))),
    ...OSES.map(scriptName),
    GENERIC_KEY_SNAPSHOT,
    ...CLONE_SNAPSHOTS.map(([, name]) => name),
  ].sort();

  it('holds exactly the snapshots above, nothing stale', () => {
    const present = existsSync(SNAPSHOT_DIR) ? readdirSync(SNAPSHOT_DIR).sort() : [];
    if (UPDATE) {
      for (const name of present.filter((n) => !expected.includes(n) && /\.(xml|ps1)$/.test(n))) {
        rmSync(path.join(SNAPSHOT_DIR, name));
      }
      return;
    }
    const stale = present.filter((n) => !expected.includes(n));
    if (stale.length > 0) {
      throw new Error(
        `test/answer-files has files no test renders: ${stale.join(', ')}. Remove them with:\n  ${REGENERATE}`,
      );
    }
    expect(present).toEqual(expected);
  });

  it('keeps the password out of the first-logon scripts', () => {
    for (const os of OSES) {
      expect(renderFirstLogonScript(snapshotInput(os, 'uefi'))).not.toContain(
        snapshotInput(os, 'uefi').password,
      );
    }
  });
});
