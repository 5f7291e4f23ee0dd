/**
 * src/guest/provision.ts: script kinds, guest names, the wrapper's exact text and the exit-code outcomes;
 * src/guest/sftp.ts's path conversion and src/guest/ssh.ts's line splitter (pure parts).
 */
import { describe, expect, it } from '@jest/globals';
import { BuildError } from '../../src/errors.js';
import {
  EXIT_REBOOT_INITIATED,
  EXIT_REBOOT_REQUIRED,
  guestScriptName,
  guestScriptPath,
  provisionCommand,
  provisionLogLine,
  provisionOutcome,
  provisionWrapper,
  scriptKind,
} from '../../src/guest/provision.js';
import { windowsPathToSftp } from '../../src/guest/sftp.js';
import { lineSplitter } from '../../src/guest/ssh.js';

describe('scriptKind', () => {
  it.each([
    ['setup.ps1', 'powershell'],
    ['C:\\x\\SETUP.PS1', 'powershell'],
    ['/tmp/a.cmd', 'cmd'],
    ['b.Bat', 'cmd'],
  ])('%s → %s', (file, kind) => {
    expect(scriptKind(file)).toBe(kind);
  });

  it.each(['setup.sh', 'setup', 'setup.ps1.txt', 'archive.zip', '.ps1x'])(
    'refuses %s with a hint',
    (file) => {
      let thrown: unknown;
      try {
        scriptKind(file);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BuildError);
      expect(thrown).toMatchObject({ code: 'input-invalid', exitCode: 1 });
      expect((thrown as BuildError).message).toContain(file);
      expect((thrown as BuildError).hint).toMatch(/\.ps1.*\.cmd.*\.bat/);
    },
  );
});

describe('guestScriptName', () => {
  it.each([
    [1, '/home/u/setup.ps1', '01-setup.ps1'],
    [2, 'scripts/Install Tools (x64).cmd', '02-Install_Tools__x64_.cmd'],
    [10, "it's $x;`y’.bat", '10-it_s__x__y_.bat'],
    [100, 'a.b-c_d.ps1', '100-a.b-c_d.ps1'],
    [3, 'Ünïcode.ps1', '03-_n_code.ps1'],
  ] as const)('%d, %j → %s', (index, file, name) => {
    expect(guestScriptName(index, file)).toBe(name);
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('refuses a place below 1', () => {
    expect(() => guestScriptName(0, 'a.ps1')).toThrow(/starts at 1/);
  });

  it('puts the script in the provision folder', () => {
    expect(guestScriptPath('01-setup.ps1')).toBe(
      'C:\\Windows\\Temp\\bake-windows-image\\provision\\01-setup.ps1',
    );
  });
});

describe('provisionWrapper', () => {
  const env = {
    BAKE_IMAGE_OS: 'w11',
    BAKE_IMAGE_EDITION: 'Windows 11 Pro',
    BAKE_IMAGE_FIRMWARE: 'uefi',
    BAKE_IMAGE_BUILD_ID: 'b-1',
    BAKE_IMAGE_BASE: 'hit',
    BAKE_IMAGE_SCRIPT: '01-setup.ps1',
  };

  it('is exactly the shape of the notes for a .ps1', () => {
    const script = guestScriptPath('01-setup.ps1');
    expect(provisionWrapper({ script, kind: 'powershell', env })).toBe(
      [
        '# bake-windows-image: run a provisioning script',
        "$ErrorActionPreference = 'Continue'",
        "$env:BAKE_IMAGE_OS = 'w11'",
        "$env:BAKE_IMAGE_EDITION = 'Windows 11 Pro'",
        "$env:BAKE_IMAGE_FIRMWARE = 'uefi'",
        "$env:BAKE_IMAGE_BUILD_ID = 'b-1'",
        "$env:BAKE_IMAGE_BASE = 'hit'",
        "$env:BAKE_IMAGE_SCRIPT = '01-setup.ps1'",
        "$script = 'C:\\Windows\\Temp\\bake-windows-image\\provision\\01-setup.ps1'",
        '& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $script',
        'exit $LASTEXITCODE',
        '',
      ].join('\n'),
    );
  });

  it('runs a .cmd through cmd.exe /c, with no variables when there are none', () => {
    expect(provisionWrapper({ script: 'C:\\p\\02-a.cmd', kind: 'cmd', env: {} })).toBe(
      [
        '# bake-windows-image: run a provisioning script',
        "$ErrorActionPreference = 'Continue'",
        "$script = 'C:\\p\\02-a.cmd'",
        '& cmd.exe /c $script',
        'exit $LASTEXITCODE',
        '',
      ].join('\n'),
    );
  });

  it('doubles every single quote of a value, typographic ones too', () => {
    const text = provisionWrapper({ script: "C:\\it's", kind: 'cmd', env: { A: "O'Brien \u2019x\u2018" } });
    expect(text).toContain("$env:A = 'O''Brien \u2019\u2019x\u2018\u2018'\n");
    expect(text).toContain("$script = 'C:\\it''s'\n");
  });

  it.each(['1ABC', 'A-B', 'A B', '', 'A;B', '$A', 'Ä'])('refuses the variable name %j', (name) => {
    expect(() => provisionWrapper({ script: 'C:\\a.ps1', kind: 'powershell', env: { [name]: 'x' } })).toThrow(
      BuildError,
    );
  });

  it('refuses a line break in a value or the path: one line per variable', () => {
    expect(() => provisionWrapper({ script: 'C:\\a.ps1', kind: 'powershell', env: { A: 'x\ny' } })).toThrow(
      /value of A contains a control character/,
    );
    expect(() => provisionWrapper({ script: 'C:\\a\r.ps1', kind: 'powershell', env: {} })).toThrow(
      /script path/,
    );
  });

  it('goes over SSH as -EncodedCommand, byte for byte', () => {
    const input = { script: 'C:\\a.ps1', kind: 'powershell' as const, env: { A: 'b' } };
    const encoded = /-EncodedCommand ([A-Za-z0-9+/=]+)$/.exec(provisionCommand(input))?.[1];
    expect(Buffer.from(encoded ?? '', 'base64').toString('utf16le')).toBe(provisionWrapper(input));
  });
});

describe('provisionOutcome', () => {
  it('is ok for 0, reboot for 3010 and 1641, failed for anything else', () => {
    expect([EXIT_REBOOT_REQUIRED, EXIT_REBOOT_INITIATED]).toEqual([3010, 1641]);
    expect(provisionOutcome(0)).toBe('ok');
    expect(provisionOutcome(3010)).toBe('reboot');
    expect(provisionOutcome(1641)).toBe('reboot');
    for (const code of [1, -1, 2, 3011, 1640, 255, null]) expect(provisionOutcome(code)).toBe('failed');
  });

  it('logs a line with the guest name', () => {
    expect(provisionLogLine('01-setup.ps1', 'hello')).toBe('[01-setup.ps1] hello');
  });
});

describe('windowsPathToSftp', () => {
  it.each([
    ['C:\\a\\b', '/C:/a/b'],
    ['C:\\', '/C:/'],
    ['d:/tools/x.zip', '/d:/tools/x.zip'],
    ['C:\\Program Files\\it’s\\', '/C:/Program Files/it’s'],
    ['C:\\a\\\\b', '/C:/a/b'],
  ])('%s → %s', (windows, sftp) => {
    expect(windowsPathToSftp(windows)).toBe(sftp);
  });

  it.each([
    'a\\b',
    '\\a\\b',
    '/C:/a',
    'C:a',
    'CD:\\a',
    '\\\\server\\share\\x',
    '',
    'C:\\a\\..\\b',
    'C:\\.\\b',
    'C:\\a\nb',
  ])('refuses %j', (windows) => {
    expect(() => windowsPathToSftp(windows)).toThrow(Error);
  });
});

describe('lineSplitter', () => {
  function split(chunks: Buffer[]): string[] {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    return lines;
  }

  it('splits CRLF and LF lines across chunks and keeps a last line without an end', () => {
    expect(split([Buffer.from('a\r'), Buffer.from('\nb\nc\r\n\r\nd')])).toEqual(['a', 'b', 'c', '', 'd']);
    expect(split([Buffer.from('x\r\n')])).toEqual(['x']);
    expect(split([])).toEqual([]);
  });

  it('keeps a UTF-8 character whole when a chunk ends inside it', () => {
    const bytes = Buffer.from('é€\r\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(['é€']);
  });

  it('delivers each line as soon as its end arrives', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('one\r\ntw'));
    expect(lines).toEqual(['one']);
    splitter.push(Buffer.from('o\r\n'));
    expect(lines).toEqual(['one', 'two']);
  });
});
