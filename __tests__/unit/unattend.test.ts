/**
 * The answer file and the first-logon script: rendered for every Windows version and firmware, parsed back
 * with a real XML parser, and checked where Windows Setup reads each value (notes/windows-setup.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { COMPONENTS } from '../support/unattend-reference.js';
import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BuildError } from '../../src/errors.js';
import {
  ANSWER_FILE_NAME,
  ANSWER_MEDIUM_LABEL,
  DRIVER_SEARCH_LETTERS,
  FIRST_LOGON_SCRIPT_NAME,
  LABCONFIG_BYPASSES,
  MAX_COMMAND_LINE,
  answerFileView,
  driverPaths,
  firstLogonCommandLine,
  labConfigBypasses,
  renderAnswerFile,
  xmlEscape,
  type AnswerFileInput,
} from '../../src/unattend/answer-file.js';
import { psSingleQuotedEscape } from '../../src/guest/scripts.js';
import { renderFirstLogonScript } from '../../src/unattend/first-logon.js';
import {
  GUEST_PROGRESS_PREFIX,
  READY_MARKER_PATH,
  READY_MARKER_TEXT,
  READY_SIGNAL,
  GUEST_FAILURE_PREFIX,
  parseGuestFailure,
} from '../../src/unattend/guest-contract.js';
import { templatesDir } from '../../src/unattend/templates.js';
import { WINDOWS_TARGETS, osFromBuild, osFromEdition } from '../../src/unattend/windows-targets.js';
import { EDITIONS, FIRMWARES, OSES } from '../support/targets.js';

const HOSTILE_PASSWORD = `p&ss<w>"rd'`;

function input(overrides: Partial<AnswerFileInput> = {}): AnswerFileInput {
  return {
    username: 'smol admin',
    password: HOSTILE_PASSWORD,
    hostname: 'smolvm-win',
    edition: 'Windows 11 Pro',
    os: 'w11',
    firmware: 'uefi',
    timezone: 'W. Europe Standard Time',
    locale: 'de-DE',
    ...overrides,
  };
}

// ---- a small typed view of the parsed answer file -------------------------------------------------------

type Node = Record<string, unknown>;
const REPEATED = new Set([
  'settings',
  'component',
  'PathAndCredentials',
  'RunSynchronousCommand',
  'SynchronousCommand',
  'CreatePartition',
  'ModifyPartition',
  'MetaData',
  'LocalAccount',
  'Disk',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name),
});

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as Node;
  return doc.unattend as Node;
}

function node(value: unknown, what: string): Node {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${what}: not an element`);
  return value as Node;
}
function list(value: unknown): Node[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('expected a repeated element');
  return value as Node[];
}
function pass(unattend: Node, name: string): Node {
  const found = list(unattend.settings).filter((s) => s['@_pass'] === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}
function components(settings: Node): Node[] {
  return list(settings.component);
}
function component(settings: Node, name: string): Node {
  const found = components(settings).filter((c) => c['@_name'] === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}
function maybeComponent(settings: Node, name: string): Node | undefined {
  return components(settings).find((c) => c['@_name'] === name);
}
function at(root: Node, ...keys: string[]): unknown {
  let current: unknown = root;
  for (const key of keys) current = node(current, keys.join('/'))[key];
  return current;
}
/** Like `at`, but undefined when an element on the way is absent. */
function maybeAt(root: Node | undefined, ...keys: string[]): unknown {
  let current: unknown = root;
  for (const key of keys) {
    if (current === undefined) return undefined;
    current = node(current, keys.join('/'))[key];
  }
  return current;
}

/** Every element name anywhere below `value`, with the component it sits in. */
function findKeys(value: unknown, key: string, trail = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => findKeys(v, key, trail));
  if (value === null || typeof value !== 'object') return [];
  const here = value as Node;
  const name = typeof here['@_name'] === 'string' ? `${trail}/${here['@_name']}` : trail;
  const own = key in here ? [name] : [];
  return own.concat(Object.values(here).flatMap((v) => findKeys(v, key, name)));
}

/**
 * Components and the passes they are valid in, from Microsoft's Unattended Windows Setup Reference
 * (only the ones this answer file may use).
 */
// Where each component may appear, from Microsoft's Unattended Windows Setup Reference (see the support file).
const VALID_PASSES: Record<string, readonly string[]> = Object.fromEntries(
  COMPONENTS.map((component) => [component.name, component.passes]),
);

// ---- windows-targets ------------------------------------------------------------------------------------

describe('windows targets', () => {
  it('has one entry per Windows version, named after its virtio-win folder', () => {
    expect(Object.keys(WINDOWS_TARGETS).sort()).toEqual([...OSES].sort());
    for (const os of OSES) {
      const target = WINDOWS_TARGETS[os];
      expect(target.os).toBe(os);
      expect(target.virtioFolder).toBe(os);
      expect(target.isServer).toBe(os.startsWith('2k'));
      expect(target.hardwareCheckBypass).toBe(os === 'w11');
      expect(target.openssh).toBe(os === '2k25' ? 'builtin' : 'capability');
      expect(target.minDiskMiB).toBeGreaterThanOrEqual(32 * 1024);
      expect(target.typicalInstallMiB).toBeLessThan(target.minDiskMiB);
    }
    expect(WINDOWS_TARGETS.w11.minDiskMiB).toBe(64 * 1024);
  });

  it.each([
    ['Windows 11 Pro', 'w11'],
    ['Windows 11 Pro N', 'w11'],
    ['Windows 11 Enterprise Evaluation', 'w11'],
    ['Windows 11 IoT Enterprise LTSC 2024', 'w11'],
    ['Windows 10 Enterprise', 'w10'],
    ['Windows 10 Enterprise LTSC 2019', 'w10'],
    ['windows 10 pro', 'w10'],
    ['Windows Server 2019 SERVERSTANDARD', '2k19'],
    ['Windows Server 2022 SERVERDATACENTER', '2k22'],
    ['Windows Server 2022 Datacenter (Desktop Experience)', '2k22'],
    ['Windows Server 2025 SERVERSTANDARDCORE', '2k25'],
  ])('osFromEdition(%j) is %s', (edition, os) => {
    expect(osFromEdition(edition)).toBe(os);
  });

  it.each(['Windows Server 2016 SERVERSTANDARD', 'Windows 8.1 Pro', 'Windows 100', 'Pro', ''])(
    'osFromEdition(%j) is undefined',
    (edition) => {
      expect(osFromEdition(edition)).toBeUndefined();
    },
  );

  it('derives the version from a build number', () => {
    expect(osFromBuild(19045, false)).toBe('w10');
    expect(osFromBuild(22000, false)).toBe('w11');
    expect(osFromBuild(26100, false)).toBe('w11');
    expect(osFromBuild(17763, true)).toBe('2k19');
    expect(osFromBuild(20348, true)).toBe('2k22');
    expect(osFromBuild(26100, true)).toBe('2k25');
    expect(osFromBuild(14393, true)).toBeUndefined();
    expect(osFromBuild(9600, false)).toBeUndefined();
  });
});

// ---- the answer file ------------------------------------------------------------------------------------

describe('answer file constants', () => {
  it('names the medium, the files, the marker and the signal', () => {
    expect(ANSWER_MEDIUM_LABEL).toBe('AUTOUNATTEND');
    expect(ANSWER_FILE_NAME).toBe('autounattend.xml');
    expect(FIRST_LOGON_SCRIPT_NAME).toBe('first-logon.ps1');
    expect(READY_MARKER_PATH).toBe('C:\\smolvm-ready.txt');
    expect(READY_SIGNAL).toBe('bake-windows-image: guest ready');
    expect(READY_SIGNAL.startsWith(GUEST_PROGRESS_PREFIX)).toBe(false);
  });

  it('finds the templates folder of this repository', () => {
    const dir = templatesDir();
    expect(path.basename(dir)).toBe('templates');
    expect(existsSync(path.join(dir, 'autounattend.xml.mustache'))).toBe(true);
    expect(existsSync(path.join(dir, 'first-logon.ps1.mustache'))).toBe(true);
  });
});

describe.each(OSES)('answer file for %s', (os) => {
  describe.each(FIRMWARES)('with firmware %s', (firmware) => {
    const values = input({ os, firmware, edition: EDITIONS[os] });
    const unattend = parse(renderAnswerFile(values));
    const windowsPE = pass(unattend, 'windowsPE');
    const specialize = pass(unattend, 'specialize');
    const oobe = pass(unattend, 'oobeSystem');
    const setup = component(windowsPE, 'Microsoft-Windows-Setup');
    const shellOobe = component(oobe, 'Microsoft-Windows-Shell-Setup');
    const client = !os.startsWith('2k');

    it('has the three passes, with only components valid in each, all for amd64', () => {
      expect(list(unattend.settings).map((s) => s['@_pass'])).toEqual([
        'windowsPE',
        'specialize',
        'oobeSystem',
      ]);
      for (const settings of list(unattend.settings)) {
        for (const c of components(settings)) {
          const name = String(c['@_name']);
          expect(VALID_PASSES[name] ?? []).toContain(settings['@_pass']);
          expect(c['@_processorArchitecture']).toBe('amd64');
          expect(c['@_publicKeyToken']).toBe('31bf3856ad364e35');
        }
      }
    });

    it('installs the image named by the edition onto disk 0', () => {
      const osImage = node(at(setup, 'ImageInstall', 'OSImage'), 'OSImage');
      const metadata = list(at(osImage, 'InstallFrom', 'MetaData'));
      expect(metadata).toEqual([expect.objectContaining({ Key: '/IMAGE/NAME', Value: EDITIONS[os] })]);
      expect(at(osImage, 'InstallTo', 'DiskID')).toBe('0');
      expect(at(osImage, 'InstallTo', 'PartitionID')).toBe(firmware === 'bios' ? '2' : '3');
    });

    it(`partitions the disk ${firmware === 'bios' ? 'MBR' : 'GPT'} style`, () => {
      const disks = list(at(setup, 'DiskConfiguration', 'Disk'));
      expect(disks).toHaveLength(1);
      const disk = disks[0]!;
      expect(disk.DiskID).toBe('0');
      expect(disk.WillWipeDisk).toBe('true');
      const created = list(at(disk, 'CreatePartitions', 'CreatePartition'));
      const modified = list(at(disk, 'ModifyPartitions', 'ModifyPartition'));
      if (firmware === 'bios') {
        expect(created.map((p) => p.Type)).toEqual(['Primary', 'Primary']);
        expect(Number(created[0]!.Size)).toBeGreaterThanOrEqual(100);
        expect(Number(created[0]!.Size)).toBeLessThanOrEqual(500);
        expect(created[1]!.Extend).toBe('true');
        expect(modified[0]).toEqual(
          expect.objectContaining({ PartitionID: '1', Format: 'NTFS', Active: 'true' }),
        );
        expect(modified[1]).toEqual(
          expect.objectContaining({ PartitionID: '2', Format: 'NTFS', Label: 'Windows', Letter: 'C' }),
        );
      } else {
        expect(created.map((p) => p.Type)).toEqual(['EFI', 'MSR', 'Primary']);
        expect(Number(created[0]!.Size)).toBeGreaterThanOrEqual(100);
        expect(Number(created[0]!.Size)).toBeLessThanOrEqual(300);
        expect(created[1]!.Size).toBe('16');
        expect(created[2]!.Extend).toBe('true');
        expect(modified[0]).toEqual(expect.objectContaining({ PartitionID: '1', Format: 'FAT32' }));
        expect(modified[2]).toEqual(
          expect.objectContaining({ PartitionID: '3', Format: 'NTFS', Label: 'Windows', Letter: 'C' }),
        );
        expect(modified.some((p) => 'Active' in p)).toBe(false);
      }
      expect(JSON.stringify(disk)).not.toMatch(/Recovery/i);
    });

    it('loads the virtio storage and network drivers for this version in WinPE, and only there', () => {
      const pnp = component(windowsPE, 'Microsoft-Windows-PnpCustomizationsWinPE');
      const paths = list(at(pnp, 'DriverPaths', 'PathAndCredentials'));
      const texts = paths.map((p) => String(p.Path));
      const folder = WINDOWS_TARGETS[os].virtioFolder;
      for (const text of texts) {
        expect(text).toMatch(new RegExp(`^[C-I]:\\\\(vioscsi|viostor|NetKVM)\\\\${folder}\\\\amd64$`));
      }
      for (const driver of ['vioscsi', 'viostor', 'NetKVM']) {
        for (const letter of ['D', 'E', 'F'])
          expect(texts).toContain(`${letter}:\\${driver}\\${folder}\\amd64`);
      }
      const keys = paths.map((p) => p['@_wcm:keyValue']);
      expect(new Set(keys).size).toBe(paths.length);
      expect(paths.every((p) => p['@_wcm:action'] === 'add')).toBe(true);
      // DriverPaths nowhere else: not in Microsoft-Windows-Setup, not in another pass.
      expect(findKeys(unattend, 'DriverPaths')).toEqual(['/Microsoft-Windows-PnpCustomizationsWinPE']);
      expect('DriverPaths' in setup).toBe(false);
    });

    const bypass = os === 'w11';
    it(`${bypass ? 'bypasses' : 'keeps'} the Windows 11 hardware checks`, () => {
      const commands = list(maybeAt(setup, 'RunSynchronous', 'RunSynchronousCommand'));
      const labConfig = commands.filter((c) => String(c.Path).includes('LabConfig'));
      if (bypass) {
        // With uefi-secure the TPM and Secure Boot are real: only RAM, CPU and storage are bypassed.
        const checks =
          firmware === 'uefi-secure'
            ? ['RAM', 'CPU', 'Storage']
            : ['TPM', 'SecureBoot', 'RAM', 'CPU', 'Storage'];
        expect(labConfig.map((c) => String(c.Path))).toEqual(
          checks.map(
            (check) =>
              `reg.exe add HKLM\\SYSTEM\\Setup\\LabConfig /v Bypass${check}Check /t REG_DWORD /d 1 /f`,
          ),
        );
        expect(labConfig.map((c) => c.Order)).toEqual(labConfig.map((_, i) => String(i + 1)));
        expect(LABCONFIG_BYPASSES).toEqual(expect.arrayContaining(checks.map((c) => `Bypass${c}Check`)));
      } else {
        expect(labConfig).toHaveLength(0);
        expect(JSON.stringify(unattend)).not.toContain('LabConfig');
      }
    });

    it('disables Dynamic Update and accepts the EULA', () => {
      expect(at(setup, 'DynamicUpdate')).toEqual({ Enable: 'false', WillShowUI: 'Never' });
      expect(at(setup, 'UserData', 'AcceptEula')).toBe('true');
    });

    it('sets the computer name, time zone and locale', () => {
      const shell = component(specialize, 'Microsoft-Windows-Shell-Setup');
      expect(shell.ComputerName).toBe('smolvm-win');
      expect(shell.TimeZone).toBe('W. Europe Standard Time');
      expect(shellOobe.TimeZone).toBe('W. Europe Standard Time');
      const international = component(oobe, 'Microsoft-Windows-International-Core');
      expect(international).toEqual(
        expect.objectContaining({
          InputLocale: 'de-DE',
          SystemLocale: 'de-DE',
          UILanguage: 'de-DE',
          UserLocale: 'de-DE',
        }),
      );
      const winpe = component(windowsPE, 'Microsoft-Windows-International-Core-WinPE');
      expect(at(winpe, 'SetupUILanguage', 'UILanguage')).toBe('de-DE');
    });

    it(`${client ? 'bypasses' : 'does not need'} the network requirement of OOBE`, () => {
      const deployment = maybeComponent(specialize, 'Microsoft-Windows-Deployment');
      const paths = list(maybeAt(deployment, 'RunSynchronous', 'RunSynchronousCommand')).map((c) =>
        String(c.Path),
      );
      const nro = paths.filter((p) => p.includes('BypassNRO'));
      if (client) {
        expect(nro).toEqual([
          'reg.exe add HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\OOBE /v BypassNRO /t REG_DWORD /d 1 /f',
        ]);
        expect(at(shellOobe, 'OOBE', 'HideOnlineAccountScreens')).toBe('true');
        expect(maybeComponent(specialize, 'Microsoft-Windows-ServerManager-SvrMgrNc')).toBeUndefined();
      } else {
        expect(nro).toHaveLength(0);
        expect(node(at(shellOobe, 'OOBE'), 'OOBE').HideOnlineAccountScreens).toBeUndefined();
        expect(
          component(specialize, 'Microsoft-Windows-ServerManager-SvrMgrNc').DoNotOpenServerManagerAtLogon,
        ).toBe('true');
      }
      expect(at(shellOobe, 'OOBE')).toEqual(
        expect.objectContaining({
          HideEULAPage: 'true',
          HideLocalAccountScreen: 'true',
          HideOEMRegistrationScreen: 'true',
          HideWirelessSetupInOOBE: 'true',
          ProtectYourPC: '3',
        }),
      );
    });

    it('turns automatic Windows Update off first thing in specialize, before any logon', () => {
      const deployment = component(specialize, 'Microsoft-Windows-Deployment');
      const commands = list(at(deployment, 'RunSynchronous', 'RunSynchronousCommand'));
      expect(commands[0]).toEqual(
        expect.objectContaining({
          Order: '1',
          Path: 'reg.exe add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU /v NoAutoUpdate /t REG_DWORD /d 1 /f',
        }),
      );
      expect(commands.map((c) => Number(c.Order))).toEqual(commands.map((_, i) => i + 1));
    });

    it('creates the local administrator and logs it on once', () => {
      const accounts = list(at(shellOobe, 'UserAccounts', 'LocalAccounts', 'LocalAccount'));
      expect(accounts).toHaveLength(1);
      expect(accounts[0]).toEqual(
        expect.objectContaining({
          Name: 'smol admin',
          Group: 'Administrators',
          Password: { Value: HOSTILE_PASSWORD, PlainText: 'true' },
        }),
      );
      expect(at(shellOobe, 'UserAccounts', 'AdministratorPassword')).toEqual({
        Value: HOSTILE_PASSWORD,
        PlainText: 'true',
      });
      expect(at(shellOobe, 'AutoLogon')).toEqual({
        Enabled: 'true',
        Username: 'smol admin',
        Password: { Value: HOSTILE_PASSWORD, PlainText: 'true' },
        LogonCount: '1',
      });
    });

    it('runs exactly one first-logon command, which finds the answer medium by label', () => {
      const commands = list(at(shellOobe, 'FirstLogonCommands', 'SynchronousCommand'));
      expect(commands).toHaveLength(1);
      const command = String(commands[0]!.CommandLine);
      expect(commands[0]!.Order).toBe('1');
      expect(command.length).toBeLessThanOrEqual(MAX_COMMAND_LINE);
      expect(command).toMatch(
        /^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "/,
      );
      expect(command).toContain(`Get-Volume -FileSystemLabel '${ANSWER_MEDIUM_LABEL}'`);
      expect(command).toContain(`'${FIRST_LOGON_SCRIPT_NAME}'`);
      expect(command).toBe(firstLogonCommandLine());
      expect(command).not.toMatch(/\b[D-Z]:\\/); // no fixed drive letter
    });

    it('asks for no product key when none is given', () => {
      expect(at(setup, 'UserData', 'ProductKey')).toEqual({ WillShowUI: 'Never' });
    });
  });
});

describe('answer file values', () => {
  it('puts a given product key where Setup reads it, showing UI only on error', () => {
    const unattend = parse(renderAnswerFile(input({ productKey: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T' })));
    const setup = component(pass(unattend, 'windowsPE'), 'Microsoft-Windows-Setup');
    expect(at(setup, 'UserData', 'ProductKey')).toEqual({
      Key: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T',
      WillShowUI: 'OnError',
    });
  });

  it('keeps hostile values intact through XML escaping', () => {
    const values = input({
      username: 'A B & <C>',
      password: HOSTILE_PASSWORD,
      edition: `Windows 11 "Pro" & <N>'s`,
      hostname: 'h&o<s>t',
      timezone: `Zone "x" & 'y'`,
    });
    const xml = renderAnswerFile(values);
    expect(xml).not.toContain(HOSTILE_PASSWORD);
    const unattend = parse(xml);
    const windowsPE = pass(unattend, 'windowsPE');
    const oobe = component(pass(unattend, 'oobeSystem'), 'Microsoft-Windows-Shell-Setup');
    const setup = component(windowsPE, 'Microsoft-Windows-Setup');
    expect(list(at(setup, 'ImageInstall', 'OSImage', 'InstallFrom', 'MetaData'))[0]!.Value).toBe(
      values.edition,
    );
    expect(component(pass(unattend, 'specialize'), 'Microsoft-Windows-Shell-Setup').ComputerName).toBe(
      'h&o<s>t',
    );
    expect(oobe.TimeZone).toBe(values.timezone);
    expect(at(oobe, 'AutoLogon', 'Username')).toBe('A B & <C>');
    expect(at(oobe, 'AutoLogon', 'Password', 'Value')).toBe(HOSTILE_PASSWORD);
    const account = list(at(oobe, 'UserAccounts', 'LocalAccounts', 'LocalAccount'))[0]!;
    expect(account.Name).toBe('A B & <C>');
    expect(at(account, 'Password', 'Value')).toBe(HOSTILE_PASSWORD);
  });

  it('keeps a password with non-ASCII characters intact', () => {
    const password = 'Pässwörd €1 ✓';
    const unattend = parse(renderAnswerFile(input({ password })));
    const oobe = component(pass(unattend, 'oobeSystem'), 'Microsoft-Windows-Shell-Setup');
    expect(at(oobe, 'AutoLogon', 'Password', 'Value')).toBe(password);
  });

  it('refuses control characters, which XML cannot carry', () => {
    expect(() => renderAnswerFile(input({ password: 'a\u0001b' }))).toThrow(BuildError);
    expect(() => renderAnswerFile(input({ username: 'a\nb' }))).toThrow(/username/);
  });

  it('uses a separate UI language when one is given', () => {
    const unattend = parse(renderAnswerFile(input({ locale: 'en-GB', uiLanguage: 'en-US' })));
    const winpe = component(pass(unattend, 'windowsPE'), 'Microsoft-Windows-International-Core-WinPE');
    expect(at(winpe, 'SetupUILanguage', 'UILanguage')).toBe('en-US');
    expect(winpe.UILanguage).toBe('en-US');
    expect(winpe.UserLocale).toBe('en-GB');
    const international = component(pass(unattend, 'oobeSystem'), 'Microsoft-Windows-International-Core');
    expect(international).toEqual(expect.objectContaining({ UILanguage: 'en-US', InputLocale: 'en-GB' }));
  });

  it('computes the view in TypeScript', () => {
    const view = answerFileView(input({ os: 'w11', firmware: 'bios' }));
    expect(view).toEqual(
      expect.objectContaining({
        uefi: false,
        bios: true,
        windowsPartitionId: 2,
        labConfigBypass: true,
        isClient: true,
      }),
    );
    expect(labConfigBypasses('w11', 'uefi-secure')).toEqual([
      'BypassRAMCheck',
      'BypassCPUCheck',
      'BypassStorageCheck',
    ]);
    expect(labConfigBypasses('w10', 'uefi')).toEqual([]);
    expect(labConfigBypasses('2k25', 'bios')).toEqual([]);
    expect(answerFileView(input({ os: '2k25' })).isServer).toBe(true);
    expect(driverPaths('2k22')).toHaveLength(DRIVER_SEARCH_LETTERS.length * 3);
    expect(driverPaths('2k22')[0]).toEqual({ key: '1', path: 'C:\\vioscsi\\2k22\\amd64' });
  });

  it('escapes exactly the five XML characters', () => {
    expect(xmlEscape(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
    expect(xmlEscape('a/b\\c ä € {x}')).toBe('a/b\\c ä € {x}');
  });

  it('escapes single-quoted PowerShell strings by doubling every kind of single quote', () => {
    expect(psSingleQuotedEscape(`o'brien`)).toBe(`o''brien`);
    expect(psSingleQuotedEscape('a\u2019b\u2018c')).toBe('a\u2019\u2019b\u2018\u2018c');
    expect(psSingleQuotedEscape('$x "y" `z` & <w>')).toBe('$x "y" `z` & <w>');
  });
});

// ---- the first-logon script -----------------------------------------------------------------------------

describe.each(OSES)('first-logon script for %s', (os) => {
  const secret = 'S3cret-Pa55&<word>';
  const script = renderFirstLogonScript(input({ os, password: secret, username: "o'brien" }));
  const lines = script.replace(/^\uFEFF/, '').split('\n');
  const trimmed = lines.map((l) => l.trim());
  const markerLine = `Set-Content -LiteralPath '${READY_MARKER_PATH}' -Value '${READY_MARKER_TEXT}' -Encoding ASCII`;
  const signalLine = `$script:SerialPort.WriteLine('${READY_SIGNAL}')`;

  it('never contains the password', () => {
    expect(script).not.toContain(secret);
    expect(script).not.toContain('S3cret');
    expect(script).not.toContain(HOSTILE_PASSWORD);
  });

  it('writes the marker and then the COM1 signal, last, each on one line', () => {
    const marker = trimmed.indexOf(markerLine);
    const signal = trimmed.indexOf(signalLine);
    expect(marker).toBeGreaterThan(0);
    expect(signal).toBeGreaterThan(marker);
    expect(trimmed.lastIndexOf(markerLine)).toBe(marker);
    expect(trimmed.lastIndexOf(signalLine)).toBe(signal);
    // Only the signal's try/catch (on the port opened at the start) and closing the port follow the marker.
    expect(trimmed.slice(marker + 1).filter((l) => l !== '')).toEqual([
      'try {',
      signalLine,
      '} catch {',
      'Write-Log "could not write the ready signal to COM1: $($_.Exception.Message)"',
      '}',
      'Close-SerialPort',
    ]);
    // What a line-by-line stand-in would match: exactly one marker write and one signal write.
    expect(
      script.match(/^\s*Set-Content -LiteralPath '[^']*' -Value '[^']*' -Encoding ASCII$/gm),
    ).toHaveLength(1);
    expect(script.match(/\$[\w:]+\.WriteLine\('[^']*'\)/g)).toEqual([signalLine]);
  });

  it('ends at the first failed step with one failure line on COM1, before any marker', () => {
    expect(trimmed).toContain(`$FailurePrefix = '${GUEST_FAILURE_PREFIX}'`);
    const invokeStep = trimmed.indexOf('function Invoke-Step {');
    const body = trimmed.slice(
      invokeStep,
      trimmed.indexOf('}', trimmed.indexOf('} catch {', invokeStep) + 1) + 1,
    );
    expect(body).toEqual(
      expect.arrayContaining([
        `Send-SerialLine ('{0}{1}: {2}' -f $FailurePrefix, $Name, $message)`,
        'Close-SerialPort',
        'exit 1',
      ]),
    );
    // The failure line comes before the exit, and every step goes through Invoke-Step.
    expect(body.indexOf('exit 1')).toBeGreaterThan(body.findIndex((l) => l.startsWith('Send-SerialLine (')));
    expect(trimmed.filter((l) => /^Invoke-Step '/.test(l)).length).toBeGreaterThanOrEqual(8);
    expect(parseGuestFailure(`${GUEST_FAILURE_PREFIX}start sshd: Service 'sshd': cannot start`)).toEqual({
      step: 'start sshd',
      error: "Service 'sshd': cannot start",
    });
  });

  it('does all the work before the marker', () => {
    const marker = trimmed.indexOf(markerLine);
    const index = (needle: string) => {
      const i = trimmed.findIndex((l) => l.includes(needle));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(marker);
      return i;
    };
    const msi = index("Invoke-Installer 'msiexec.exe'");
    const capability = index("Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0'");
    const startType = index("Invoke-Checked 'sc.exe' @('config', 'sshd', 'start=', 'auto')");
    const restart = index("Invoke-Checked 'sc.exe' @('failure', 'sshd', 'reset=', '86400'");
    const start = index("Start-Service -Name 'sshd'");
    const firewall = index('New-NetFirewallRule');
    const tools = index("'virtio-win-guest-tools.exe'");
    const hibernate = index('powercfg.exe /hibernate off');
    const winreOff = index('reagentc.exe /disable');
    const removeRecovery = index('Remove-Partition -DiskNumber $partition.DiskNumber');
    const growC = index('Resize-Partition -DriveLetter C -Size $size');
    const winreOn = index('reagentc.exe /enable');
    const autologon = index("Set-ItemProperty -LiteralPath $winlogon -Name 'AutoAdminLogon' -Value '0'");
    const lsa = index("[BakeWindowsImage.LsaSecret]::Delete('DefaultPassword')");
    // Auto logon goes first (LogonCount 1 logs on twice unless cleared; an early stop must not leave it on).
    expect(autologon).toBeLessThan(lsa);
    expect(lsa).toBeLessThan(msi);
    expect(msi).toBeLessThan(capability);
    expect(capability).toBeLessThan(startType);
    expect(startType).toBeLessThan(restart);
    expect(restart).toBeLessThan(start);
    expect(start).toBeLessThan(firewall);
    expect(firewall).toBeLessThan(tools);
    expect(tools).toBeLessThan(hibernate);
    // A recovery partition after C: (24H2 Setup makes one) goes, with WinRE moved into C: and back on.
    expect(winreOff).toBeLessThan(removeRecovery);
    expect(removeRecovery).toBeLessThan(growC);
    expect(growC).toBeLessThan(winreOn);
    expect(script).toContain("$_.GptType -eq '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}' -or $_.MbrType -eq 39");
    expect(script).toContain('-Direction Inbound -Protocol TCP -LocalPort 22 -Action Allow -Profile Any');
    expect(script).toContain("@('/install', '/quiet', '/norestart'");
    expect(script).toContain("'DefaultPassword', 'AutoLogonCount'");
    expect(script).toContain("$ErrorActionPreference = 'Stop'");
  });

  it('fills in the labels, paths and names, escaped for single-quoted strings', () => {
    expect(script.startsWith('\uFEFF')).toBe(true);
    expect(script).not.toMatch(/\{\{|\}\}/);
    expect(trimmed).toContain("$UserName = 'o''brien'");
    expect(trimmed).toContain(`$AnswerLabel = '${ANSWER_MEDIUM_LABEL}'`);
    expect(trimmed).toContain("$VirtioLabelPrefix = 'virtio-win'");
    expect(trimmed).toContain("$OpenSshMsiDir = 'openssh'");
    expect(trimmed).toContain("$OpenSshMsiPattern = 'OpenSSH-Win64*.msi'");
    expect(trimmed).toContain("$LogPath = 'C:\\Windows\\Temp\\bake-windows-image-first-logon.log'");
    expect(trimmed).toContain(`$ProgressPrefix = '${GUEST_PROGRESS_PREFIX}'`);
    expect(trimmed).toContain(`$OpenSshSource = '${os === '2k25' ? 'builtin' : 'capability'}'`);
    expect(trimmed).toContain(`$OsName = '${WINDOWS_TARGETS[os].displayName}'`);
  });
});
