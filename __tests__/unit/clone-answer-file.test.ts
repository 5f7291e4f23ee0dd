/**
 * The clones' answer file (sysprep /unattend) for every Windows version: well-formed XML with hostile values
 * read back exactly, the passes and settings a clone's first boot needs, and nothing that would store the
 * password for a logon.
 */
import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  cloneAnswerFileView,
  renderCloneAnswerFile,
  type CloneAnswerFileInput,
} from '../../src/unattend/clone-answer-file.js';
import { WINDOWS_TARGETS } from '../../src/unattend/windows-targets.js';
import { OSES } from '../support/targets.js';

const HOSTILE_PASSWORD = `p&ss<w>"rd'$(x)\`]]>`;

function input(overrides: Partial<CloneAnswerFileInput> = {}): CloneAnswerFileInput {
  return {
    username: "O'Brien & co",
    password: HOSTILE_PASSWORD,
    os: 'w11',
    timezone: 'W. Europe Standard Time',
    locale: 'de-DE',
    uiLanguage: 'en-US',
    ...overrides,
  };
}

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['settings', 'component', 'RunSynchronousCommand'].includes(name),
});

function passes(xml: string): Map<string, Map<string, Node>> {
  const unattend = (parser.parse(xml) as { unattend: { settings: Node[] } }).unattend;
  return new Map(
    unattend.settings.map((settings) => [
      settings['@pass'] as string,
      new Map((settings.component as Node[]).map((component) => [component['@name'] as string, component])),
    ]),
  );
}

describe.each(OSES)('the clones answer file for %s', (os) => {
  const xml = renderCloneAnswerFile(input({ os }));
  const byPass = passes(xml);
  const isServer = WINDOWS_TARGETS[os].isServer;

  it('is well-formed XML with generalize, specialize and oobeSystem', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect([...byPass.keys()]).toEqual(['generalize', 'specialize', 'oobeSystem']);
  });

  it('gives every clone a random computer name and skips OOBE', () => {
    const shell = byPass.get('specialize')!.get('Microsoft-Windows-Shell-Setup')!;
    expect(shell.ComputerName).toBe('*');
    const oobe = byPass.get('oobeSystem')!.get('Microsoft-Windows-Shell-Setup')!.OOBE as Node;
    expect(oobe).toMatchObject({ HideEULAPage: 'true', HideLocalAccountScreen: 'true', ProtectYourPC: '3' });
    expect(oobe.HideOnlineAccountScreens).toBe(isServer ? undefined : 'true');
    expect(byPass.get('oobeSystem')!.get('Microsoft-Windows-International-Core')).toMatchObject({
      UILanguage: 'en-US',
      UserLocale: 'de-DE',
    });
  });

  it('carries the password once, as the Administrator password, read back exactly; no AutoLogon', () => {
    const shell = byPass.get('oobeSystem')!.get('Microsoft-Windows-Shell-Setup')!;
    const accounts = shell.UserAccounts as Node;
    expect(accounts.AdministratorPassword).toEqual({ Value: HOSTILE_PASSWORD, PlainText: 'true' });
    expect(accounts.LocalAccounts).toBeUndefined();
    expect(shell.AutoLogon).toBeUndefined();
    expect(shell.FirstLogonCommands).toBeUndefined();
    expect(xml.split('&lt;w&gt;').length - 1).toBe(1);
  });

  it('runs the same specialize commands as the first install (client) or keeps Server Manager closed', () => {
    const specialize = byPass.get('specialize')!;
    const commands = cloneAnswerFileView(input({ os })).specializeCommands;
    if (isServer) {
      expect(commands).toEqual([]);
      expect(specialize.get('Microsoft-Windows-ServerManager-SvrMgrNc')).toMatchObject({
        DoNotOpenServerManagerAtLogon: 'true',
      });
    } else {
      const run = (specialize.get('Microsoft-Windows-Deployment')!.RunSynchronous as Node)
        .RunSynchronousCommand as Node[];
      expect(run.map((command) => command.Path)).toEqual(commands.map((command) => command.path));
      expect(commands.map((command) => command.path).join('\n')).toMatch(/BypassNRO/);
    }
  });

  it('leaves the Windows Update policy as the bake left it (no NoAutoUpdate of its own)', () => {
    expect(renderCloneAnswerFile(input({ os }))).not.toMatch(/NoAutoUpdate/);
  });

  it('keeps the device installs and the activation rearm count through generalize', () => {
    const generalize = byPass.get('generalize')!;
    expect(generalize.get('Microsoft-Windows-PnpSysprep')).toMatchObject({
      PersistAllDeviceInstalls: 'true',
    });
    expect(generalize.get('Microsoft-Windows-Security-SPP')).toMatchObject({ SkipRearm: '1' });
  });
});

it('refuses control characters in a value', () => {
  expect(() => renderCloneAnswerFile(input({ password: 'a\u0001b' }))).toThrow(/control character/);
});
