/**
 * The product key the answer file gets, end to end from install.wim: preflight reads the chosen image's
 * EDITIONID and INSTALLATIONTYPE, the answer medium carries the edition's generic key, a given key, or none.
 * Dry runs with --keep-work-dir, so the rendered autounattend.xml can be read.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WindowsImageBuilder } from '../../src/bake/builder.js';
import { recordingLogger } from '../support/build.js';
import { tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso, WIN11_24H2 } from '../support/windows-media.js';

let dir: string;
let iso: string;
let virtioWinIso: string;

beforeAll(async () => {
  dir = tempDir('product-key');
  iso = await makeWindowsIso(dir, 'windows', [
    { name: 'Windows 11 Home', properties: { ...WIN11_24H2, 'WINDOWS/EDITIONID': 'Core' } },
    { name: 'Windows 11 Pro', properties: WIN11_24H2 },
    {
      name: 'Windows Server 2022 SERVERDATACENTER',
      properties: {
        ...WIN11_24H2,
        'WINDOWS/EDITIONID': 'ServerDatacenter',
        'WINDOWS/INSTALLATIONTYPE': 'Server',
        'WINDOWS/VERSION/BUILD': '20348',
      },
    },
  ]);
  virtioWinIso = makeVirtioIso(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** The answer file a dry run writes, and what it logged. */
async function dryRun(edition: string, productKey?: string): Promise<{ xml: string; said: string }> {
  const workDir = path.join(dir, `work-${++runs}`);
  const logger = recordingLogger();
  await new WindowsImageBuilder(
    {
      iso,
      virtioWinIso,
      output: path.join(dir, `out-${runs}.qcow2`),
      edition,
      productKey,
      accel: 'tcg',
      firmware: 'bios',
      diskSizeMiB: 1024,
      password: 'not-the-default',
      workDir,
      keepWorkDir: true,
      dryRun: true,
    },
    logger,
  ).build();
  return { xml: readFileSync(path.join(workDir, 'autounattend.xml'), 'utf8'), said: logger.lines.join('\n') };
}

/** The ProductKey element's Key and WillShowUI (the MetaData Key of the image is another element). */
const keyElement = (xml: string) =>
  /<ProductKey>\s*(?:<Key>([^<]*)<\/Key>\s*)?<WillShowUI>(\w+)</.exec(xml)?.slice(1);

describe('the product key in the answer file', () => {
  it.each([
    ['Windows 11 Home', 'Core', 'YTMG3-N6DKC-DKB77-7M9GH-8HVX7'],
    ['Windows 11 Pro', 'Professional', 'VK7JG-NPHTM-C97JM-9MPGT-3V66T'],
  ])("%s without --product-key: the edition's generic key", async (edition, editionId, key) => {
    const { xml, said } = await dryRun(edition);
    expect(keyElement(xml)).toEqual([key, 'OnError']);
    expect(said).toContain(`Product key: generic key for ${editionId} (retail generic key`);
  });

  it('a given key wins', async () => {
    const { xml, said } = await dryRun('Windows 11 Home', 'VK7JG-NPHTM-C97JM-9MPGT-3V66T');
    expect(keyElement(xml)).toEqual(['VK7JG-NPHTM-C97JM-9MPGT-3V66T', 'OnError']);
    expect(said).toContain('Product key: the one given');
  });

  it('--product-key none: no Key element, WillShowUI Never', async () => {
    const { xml, said } = await dryRun('Windows 11 Pro', 'none');
    expect(keyElement(xml)).toEqual([undefined, 'Never']);
    expect(said).toContain('Product key: none (product key "none")');
  });

  it('a server image gets no key', async () => {
    const { xml, said } = await dryRun('Windows Server 2022 SERVERDATACENTER');
    expect(keyElement(xml)).toEqual([undefined, 'Never']);
    expect(said).toContain('Product key: none (installation type Server');
  });
});
