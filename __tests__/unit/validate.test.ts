import { describe, expect, it } from '@jest/globals';
import { DEFAULTS } from '../../src/bake/options.js';
import {
  optionsFromStrings,
  parseWholeNumber,
  resolveOptions,
  type RawOptions,
} from '../../src/bake/validate.js';
import { BuildError, ExitCode } from '../../src/errors.js';
import { thrownBy } from '../support/build.js';

const required: RawOptions = { iso: 'win.iso', 'virtio-win-iso': 'virtio.iso', output: 'out.qcow2' };

function errorOf(raw: RawOptions): BuildError {
  try {
    optionsFromStrings({ ...required, ...raw }, 'cli');
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('optionsFromStrings', () => {
  it('fills the SmolVM defaults', () => {
    const options = optionsFromStrings(required, 'cli');
    expect(options).toMatchObject({
      username: 'smolvm',
      password: 'smolvm',
      hostname: 'smolvm-win',
      edition: 'Windows 11 Pro',
      diskSizeMiB: 65536,
      buildTimeoutSeconds: 2700,
      memoryMiB: 'auto',
      cpus: 'auto',
      accel: 'auto',
      firmware: 'uefi',
      compress: true,
      keepWorkDir: false,
      dryRun: false,
    });
    expect(options.os).toBeUndefined();
  });

  it('parses every typed value', () => {
    const options = optionsFromStrings(
      {
        ...required,
        'disk-size': '2048',
        'build-timeout': '60',
        memory: '768',
        cpus: '1',
        accel: 'TCG',
        firmware: 'bios',
        os: 'w10',
        'no-compress': true,
        'keep-work-dir': 'true',
        'dry-run': true,
        'openssh-msi': ' OpenSSH-Win64-v9.8.3.0.msi ',
      },
      'cli',
    );
    expect(options).toMatchObject({
      diskSizeMiB: 2048,
      buildTimeoutSeconds: 60,
      memoryMiB: 768,
      cpus: 1,
      accel: 'tcg',
      firmware: 'bios',
      os: 'w10',
      compress: false,
      keepWorkDir: true,
      dryRun: true,
      opensshMsi: 'OpenSSH-Win64-v9.8.3.0.msi',
      keepFirmwareState: false,
    });
    expect(optionsFromStrings({ ...required, 'keep-firmware-state': 'yes' }, 'cli').keepFirmwareState).toBe(
      true,
    );
  });

  it.each([
    [{ iso: undefined }, '--iso is required'],
    [{ 'virtio-win-iso': '' }, '--virtio-win-iso is required'],
    [{ output: '  ' }, '--output is required'],
  ])('requires %j', (raw, message) => {
    const error = errorOf(raw as RawOptions);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.hint).toMatch(/--/);
  });

  it.each([
    [{ 'disk-size': 'big' }, /--disk-size: "big" is not a whole number/],
    [{ 'disk-size': '1.5' }, /not a whole number/],
    [{ 'disk-size': '0' }, /--disk-size: 0 is out of range/],
    [{ 'disk-size': '-5' }, /out of range/],
    [{ 'disk-size': String(2 * 1024 * 1024 * 1024 + 1) }, /out of range/],
    [{ 'build-timeout': '0' }, /--build-timeout: 0 is out of range/],
    [{ 'build-timeout': '-1' }, /out of range/],
    [{ memory: '100' }, /--memory: 100 is out of range/],
    [{ cpus: '0' }, /--cpus: 0 is out of range/],
    [{ cpus: '1000' }, /out of range/],
    [{ cpus: 'automatic' }, /--cpus: "automatic" is not a whole number/],
    [{ 'disk-size': 'auto' }, /--disk-size: "auto" is not a whole number/],
    [{ accel: 'hvf' }, /--accel: "hvf" is not one of auto, kvm, tcg/],
    [{ firmware: 'coreboot' }, /--firmware/],
    [{ os: 'w7' }, /--os/],
    [{ hostname: 'a-very-long-hostname' }, /longer than 15/],
    [{ hostname: '12345' }, /only digits/],
    [{ hostname: 'bad_name' }, /characters a Windows computer name may not have/],
    [{ hostname: 'bad.name' }, /may not have/],
    [{ hostname: '-lead' }, /hyphen/],
    [{ hostname: '' }, /must not be empty/],
    [{ username: '' }, /--username: must not be empty/],
    [{ username: 'abcdefghijklmnopqrstu' }, /longer than 20/],
    [{ username: 'Administrator' }, /reserves/],
    [{ username: 'guest' }, /reserves/],
    [{ username: 'smolvm-win' }, /same as the computer name/],
    [{ username: '...' }, /dots and spaces/],
    [{ password: '' }, /--password: must not be empty/],
    [{ password: 'a\nb' }, /control character/],
    [{ password: 'x'.repeat(128) }, /longer than 127/],
    [{ edition: '' }, /--edition: must not be empty/],
    [{ locale: 'english' }, /--locale/],
    [{ timezone: '' }, /--timezone: "" is not a Windows time zone id/],
    [{ timezone: 'Mars Standard Time' }, /is not a Windows time zone id/],
    [{ timezone: 'Europe/Berlin' }, /--timezone: "Europe\/Berlin" is an IANA time zone/],
    [
      { 'product-key': 'ABC' },
      /--product-key: is neither of the form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX nor "none"/,
    ],
    [{ 'product-key': 'nothing' }, /--product-key/],
    [{ 'keep-work-dir': 'maybe' }, /not true or false/],
    [{ 'keep-firmware-state': true, firmware: 'bios' }, /--keep-firmware-state: needs UEFI firmware/],
    [{ 'openssh-msi': 'OpenSSH-Win64.zip' }, /--openssh-msi: "OpenSSH-Win64.zip" is not an \.msi file/],
  ])('rejects %j', (raw, message) => {
    const error = errorOf(raw as RawOptions);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.hint).toBeTruthy();
  });

  it.each(['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>', '@'])(
    'rejects %s in a user name',
    (character) => {
      expect(errorOf({ username: `a${character}b` }).message).toMatch(/Windows forbids/);
    },
  );

  it('accepts a password with characters that need XML escaping', () => {
    expect(optionsFromStrings({ ...required, password: `p&ss<w>"rd'` }, 'cli').password).toBe(`p&ss<w>"rd'`);
  });

  it.each(['none', 'NONE', 'vk7jg-nphtm-c97jm-9mpgt-3v66t'])('accepts the product key %j', (key) => {
    expect(optionsFromStrings({ ...required, 'product-key': key }, 'cli').productKey).toBe(key);
  });

  it('takes --generalize as a switch, off by default', () => {
    expect(optionsFromStrings(required, 'cli').generalize).toBe(false);
    expect(optionsFromStrings({ ...required, generalize: true }, 'cli').generalize).toBe(true);
    expect(optionsFromStrings({ ...required, generalize: 'true' }, 'action').generalize).toBe(true);
  });

  it('accepts small disks (a warning, not an error)', () => {
    expect(optionsFromStrings({ ...required, 'disk-size': '1' }, 'cli').diskSizeMiB).toBe(1);
  });

  it('never puts the password in an error message', () => {
    const error = errorOf({ password: 'secret\tword' });
    expect(error.message).not.toContain('secret');
  });
});

describe('resolveOptions', () => {
  it('takes defaults for what the library caller leaves out', () => {
    const options = resolveOptions({
      iso: 'a',
      virtioWinIso: 'b',
      output: 'c',
      cpus: 2,
      hostname: undefined,
    });
    expect(options.cpus).toBe(2);
    expect(options.hostname).toBe(DEFAULTS.hostname);
  });

  it('validates typed values too', () => {
    expect(() => resolveOptions({ iso: 'a', virtioWinIso: 'b', output: 'c', memoryMiB: 1.5 })).toThrow(
      /^memoryMiB: 1.5 is not a whole number/,
    );
  });
});

describe('parseWholeNumber', () => {
  it.each(['0x10', '1e3', '', ' ', '12abc'])('rejects %j', (value) => {
    expect(() => parseWholeNumber('x', value, 'hint')).toThrow(/not a whole number/);
  });
  it('accepts surrounding spaces', () => {
    expect(parseWholeNumber('x', ' 42 ', 'hint')).toBe(42);
  });
});

describe('time zones', () => {
  it('accepts Windows ids, in any case', () => {
    for (const timezone of [
      'UTC',
      'W. Europe Standard Time',
      'tokyo standard time',
      'Kamchatka Standard Time',
    ]) {
      expect(optionsFromStrings({ ...required, timezone }, 'cli').timezone).toBe(timezone);
    }
  });

  it('names the Windows id for an IANA name, and similar ids for a near miss', () => {
    expect(errorOf({ timezone: 'America/New_York' }).hint).toBe('Use --timezone "Eastern Standard Time".');
    expect(errorOf({ timezone: 'Europe/Berlin' }).hint).toBe('Use --timezone "W. Europe Standard Time".');
    expect(errorOf({ timezone: 'Pacific Time' }).hint).toMatch(/Did you mean .*"Pacific Standard Time"/);
  });

  it('the committed table is what the current CLDR data gives', async () => {
    // scripts/update-time-zones.mjs writes src/unattend/time-zones.ts; a cldr-core update must regenerate it.
    const { cldrTimeZones } = (await import('../../scripts/update-time-zones.mjs' as string)) as {
      cldrTimeZones: () => { windowsIds: string[]; ianaToWindows: Record<string, string> };
    };
    const { WINDOWS_TIME_ZONES, IANA_TO_WINDOWS } = await import('../../src/unattend/time-zones.js');
    const cldr = cldrTimeZones();
    expect(WINDOWS_TIME_ZONES).toEqual(cldr.windowsIds);
    expect(IANA_TO_WINDOWS).toEqual(cldr.ianaToWindows);
    expect(WINDOWS_TIME_ZONES).toEqual(expect.arrayContaining(['UTC', 'W. Europe Standard Time']));
  });
});

describe('list options', () => {
  const base = { iso: 'w.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2' };

  it('take a repeated flag in order, an input one per line, and default to none', () => {
    expect(optionsFromStrings({ ...base, provision: ['a.ps1', ' b.cmd '] }, 'cli').provision).toEqual([
      'a.ps1',
      'b.cmd',
    ]);
    const action = optionsFromStrings(
      { iso: 'w.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2', provision: 'a.ps1\r\n\n  b.bat\n' },
      'action',
    );
    expect(action.provision).toEqual(['a.ps1', 'b.bat']);
    expect(optionsFromStrings(base, 'cli').provision).toEqual([]);
  });

  it('refuse a one-value flag given twice, and a library value that is no list', () => {
    expect(() => optionsFromStrings({ ...base, memory: ['1024', '2048'] }, 'cli')).toThrow(
      /--memory: is given more than once/,
    );
    expect(() =>
      resolveOptions({ iso: 'w.iso', virtioWinIso: 'v.iso', output: 'o', provision: 'a.ps1' as never }),
    ).toThrow(/provision: is not a list of values/);
  });
});

describe('the baseline options', () => {
  const base = { iso: 'w.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2' };

  it('refuse a script they cannot run and an upload without a Windows destination (exit 2)', () => {
    const script = thrownBy(() => optionsFromStrings({ ...base, provision: ['setup.sh'] }, 'cli'));
    expect(script.message).toBe('--provision: cannot tell how to run "setup.sh"');
    expect(script.exitCode).toBe(ExitCode.Usage);
    const upload = thrownBy(() => optionsFromStrings({ ...base, upload: 'tools=tools' }, 'action'));
    expect(upload.exitCode).toBe(ExitCode.Usage);
    expect(upload.hint).toMatch(/=C:\\tools/);
  });
});

it('--update-exclude takes KB numbers and title patterns, not [ ] or control characters (exit 2)', () => {
  const base = { iso: 'w.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2' };
  expect(
    optionsFromStrings({ ...base, 'update-exclude': ['KB5034441', '*Silverlight*'] }, 'cli').updateExclude,
  ).toEqual(['KB5034441', '*Silverlight*']);
  for (const bad of ['*[Preview*', 'a\tb']) {
    const error = thrownBy(() => optionsFromStrings({ ...base, 'update-exclude': [bad] }, 'cli'));
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.message).toMatch(/--update-exclude: .* is neither a KB number nor a title pattern/);
  }
});
