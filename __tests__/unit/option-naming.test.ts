/** Errors name the option as the caller gave it: a CLI flag, an action input, or a BuildOptions property. */
import { describe, expect, it } from '@jest/globals';
import { optionsFromStrings, resolveOptions, type RawOptions } from '../../src/bake/validate.js';
import { BuildError, ExitCode } from '../../src/errors.js';

const media = { iso: 'win.iso', virtioWinIso: 'virtio.iso', output: 'out.qcow2' };

function errorOf(build: () => unknown): BuildError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).exitCode).toBe(ExitCode.Usage);
    return error as BuildError;
  }
  throw new Error('accepted');
}

describe('on the command line', () => {
  const cli = (raw: RawOptions) =>
    errorOf(() =>
      optionsFromStrings(
        { iso: 'win.iso', 'virtio-win-iso': 'virtio.iso', output: 'out.qcow2', ...raw },
        'cli',
      ),
    );

  it('names the flag, and the hint shows it with the default', () => {
    const error = cli({ memory: '100' });
    expect(error.message).toBe('--memory: 100 is out of range (256 to 4194304)');
    expect(error.hint).toBe(
      'Give guest memory in MiB (Windows 11 wants at least 4 GiB), or auto, e.g. --memory 4096.',
    );
    expect(cli({ 'build-timeout': 'soon' }).hint).toMatch(/e\.g\. --build-timeout 2700\.$/);
  });

  it('names a missing flag', () => {
    const error = cli({ 'virtio-win-iso': undefined });
    expect(error.message).toBe('--virtio-win-iso is required');
    expect(error.hint).toBe('Pass it, e.g. --virtio-win-iso virtio-win.iso');
  });

  it('quotes values with spaces in hints', () => {
    expect(cli({ timezone: 'Europe/Berlin' }).hint).toBe('Use --timezone "W. Europe Standard Time".');
    expect(cli({ edition: ' ' }).hint).toMatch(/e\.g\. --edition "Windows 11 Pro"\.$/);
  });

  it('takes --no-compress for compress: false, and no other name for it', () => {
    const base = { iso: 'a.iso', 'virtio-win-iso': 'b.iso', output: 'c.qcow2' };
    expect(optionsFromStrings({ ...base, 'no-compress': true }, 'cli').compress).toBe(false);
    expect(optionsFromStrings(base, 'cli').compress).toBe(true);
    expect(cli({ compress: false }).message).toBe('Unknown option "compress"');
  });
});

describe('in the action', () => {
  const action = (raw: RawOptions) =>
    errorOf(() =>
      optionsFromStrings(
        { iso: 'win.iso', 'virtio-win-iso': 'virtio.iso', output: 'out.qcow2', ...raw },
        'action',
      ),
    );

  it('names the input, and the hint shows it as YAML', () => {
    const error = action({ memory: '100' });
    expect(error.message).toBe('Input memory: 100 is out of range (256 to 4194304)');
    expect(error.hint).toMatch(/e\.g\. memory: 4096\.$/);
    expect(action({ 'disk-size': 'huge' }).message).toBe('Input disk-size: "huge" is not a whole number');
    expect(action({ firmware: 'efi' }).hint).toBe('Use firmware: uefi.');
    expect(action({ timezone: 'America/New_York' }).hint).toBe('Use timezone: "Eastern Standard Time".');
  });

  it('names inputs whose option is called differently', () => {
    const error = action({ compression: 'maybe' });
    expect(error.message).toBe('Input compression: "maybe" is not true or false');
    expect(error.hint).toBe('Set compression: true or compression: false.');
    expect(action({ 'keep-firmware-state': 'true', firmware: 'bios' }).message).toMatch(
      /^Input keep-firmware-state: needs UEFI firmware/,
    );
    expect(action({ username: 'smolvm-win' }).hint).toMatch(/change username or hostname\.$/);
  });

  it('reads compression and leaves the CLI-only options at their defaults', () => {
    const inputs = {
      iso: 'win.iso',
      'virtio-win-iso': 'virtio.iso',
      output: 'out.qcow2',
      compression: 'false',
    };
    const options = optionsFromStrings(inputs, 'action');
    expect(options).toMatchObject({ compress: false, dryRun: false, keepWorkDir: false });
    expect(action({ 'no-compress': true }).message).toBe('Unknown option "no-compress"');
    expect(action({ 'dry-run': 'true' }).message).toBe('Unknown option "dry-run"');
  });
});

describe('in the library', () => {
  it('names the BuildOptions property', () => {
    const error = errorOf(() => resolveOptions({ ...media, memoryMiB: 100 }));
    expect(error.message).toBe('memoryMiB: 100 is out of range (256 to 4194304)');
    expect(error.hint).toMatch(/e\.g\. memoryMiB: 4096\.$/);
    expect(errorOf(() => resolveOptions({ ...media, hostname: 'a_b' })).hint).toMatch(
      /e\.g\. hostname: "smolvm-win"\.$/,
    );
    expect(
      errorOf(() => resolveOptions({ ...media, keepFirmwareState: true, firmware: 'bios' })).message,
    ).toMatch(/^keepFirmwareState: needs UEFI firmware/);
    expect(errorOf(() => resolveOptions({ ...media, output: '' })).message).toBe('output is required');
  });

  it('takes strings by property name too', () => {
    const options = optionsFromStrings({ ...media, memoryMiB: '2048', compress: 'no' }, 'library');
    expect(options).toMatchObject({ memoryMiB: 2048, compress: false });
    const error = errorOf(() => optionsFromStrings({ ...media, diskSizeMiB: '0' }, 'library'));
    expect(error.message).toBe('diskSizeMiB: 0 is out of range (1 to 2147483648)');
  });
});
