/** The action's inputs, as the runner passes them (INPUT_* variables), into options named by OPTION_TABLE. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { autoArtifactName, legLabel } from '../../src/action/artifact-name.js';
import { readSettings } from '../../src/action/inputs.js';
import type { BuildError } from '../../src/errors.js';
import { thrownBy } from '../support/build.js';

const set: string[] = [];

/** Inputs as the runner passes them: INPUT_ and the name in upper case, hyphens kept. */
function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const variable = `INPUT_${name.toUpperCase()}`;
    process.env[variable] = value;
    set.push(variable);
  }
}

afterEach(() => {
  for (const variable of set.splice(0)) delete process.env[variable];
});

function errorOf(): BuildError {
  return thrownBy(() => readSettings());
}

describe('readSettings', () => {
  it('takes each option from its input, by the table', () => {
    inputs({
      iso: '/isos/win.iso',
      memory: '2048',
      'disk-size': '512',
      compression: 'false',
      'keep-firmware-state': 'true',
      firmware: 'uefi-secure',
      'product-key': ' ',
    });
    const { options } = readSettings();
    expect(options).toMatchObject({
      iso: '/isos/win.iso',
      memoryMiB: 2048,
      diskSizeMiB: 512,
      compress: false,
      keepFirmwareState: true,
      firmware: 'uefi-secure',
      cpus: 'auto',
      dryRun: false,
    });
    expect(options.productKey).toBeUndefined();
  });

  it('fills the media inputs the action resolves itself', () => {
    process.env.RUNNER_TEMP = '/runner/temp';
    set.push('RUNNER_TEMP');
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'win.qcow2' });
    const settings = readSettings();
    expect(settings.options).toMatchObject({
      virtioWinIso: '/runner/temp/bake-windows-image/downloads/virtio-win.iso',
      output: '/runner/temp/bake-windows-image/win.qcow2',
      opensshMsi: '/runner/temp/bake-windows-image/downloads/OpenSSH-Win64-v9.8.3.0.msi',
    });
    expect(settings.virtioWinDownload?.url).toMatch(/virtio-win\.iso$/);
  });

  it("keeps the build history in the runner's tool cache, not in the workspace", () => {
    process.env.RUNNER_TOOL_CACHE = '/opt/hostedtoolcache';
    set.push('RUNNER_TOOL_CACHE');
    inputs({ iso: '/isos/win.iso' });
    expect(readSettings().historyDir).toBe('/opt/hostedtoolcache/bake-windows-image');
  });

  it('names the input in errors, and how to set it in the hint', () => {
    inputs({ iso: '/isos/win.iso', memory: '100' });
    const error = errorOf();
    expect(error.message).toBe('Input memory: 100 is out of range (256 to 4194304)');
    expect(error.hint).toMatch(/e\.g\. memory: 4096\.$/);
  });

  it.each([
    [{ compression: 'maybe' }, 'Input compression: "maybe" is not true or false'],
    [{ 'build-timeout': 'soon' }, 'Input build-timeout: "soon" is not a whole number'],
    [{ 'retention-days': 'x' }, 'Input retention-days: "x" is not a whole number'],
    [{ 'install-deps': 'maybe' }, 'Input install-deps: "maybe" is not true or false'],
  ])('rejects %j', (values, message) => {
    inputs({ iso: '/isos/win.iso', ...values });
    expect(errorOf().message).toBe(message);
  });
});

describe('the password input', () => {
  const required = { iso: '/isos/win.iso' };

  it('is read as given, spaces kept', () => {
    inputs({ ...required, password: '  pass word  ' });
    expect(readSettings().options.password).toBe('  pass word  ');
  });

  it('empty is an error naming the input and the missing secret, never the default', () => {
    inputs({ ...required, password: '' });
    const error = errorOf();
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe('Input password: must not be empty');
    expect(error.hint).toMatch(/a secret that is not set, misspelt, or not given to workflows from forks/);
  });

  it('not passed at all (outside a runner) takes the default', () => {
    inputs(required);
    expect(readSettings().options.password).toBe('smolvm');
  });
});

describe('the *-sha256 inputs', () => {
  const A = 'a'.repeat(64);

  it('are checked when read, naming the input', () => {
    inputs({ iso: '/isos/win.iso', 'virtio-win-sha256': 'not-a-sha' });
    const error = errorOf();
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe('Input virtio-win-sha256 must be 64 hexadecimal digits, got "not-a-sha"');
  });

  it('pin a file on the runner too (iso-sha256 with iso)', () => {
    inputs({
      iso: '/isos/win.iso',
      'iso-sha256': `SHA256:${A.toUpperCase()}`,
      'virtio-win-iso': '/isos/v.iso',
    });
    expect(readSettings().localChecksums).toEqual([
      { file: '/isos/win.iso', sha256: A, input: 'iso-sha256' },
    ]);
  });

  it('pin nothing local when absent', () => {
    inputs({ iso: '/isos/win.iso' });
    expect(readSettings().localChecksums).toEqual([]);
  });
});

describe('plain http downloads', () => {
  it('are refused without a pinned checksum, naming the input', () => {
    inputs({ iso: '/isos/win.iso', 'virtio-win-url': 'http://mirror.example/virtio-win.iso?token=abc' });
    const error = errorOf();
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe(
      'Input virtio-win-url: http://mirror.example/virtio-win.iso?… is plain http and no virtio-win-sha256 pins what it serves',
    );
  });

  it('are taken with a checksum, or from this machine', () => {
    inputs({
      iso: '/isos/win.iso',
      'virtio-win-url': 'http://mirror.example/virtio-win.iso',
      'virtio-win-sha256': 'c'.repeat(64),
    });
    expect(readSettings().virtioWinDownload?.url).toBe('http://mirror.example/virtio-win.iso');
    inputs({ 'virtio-win-url': 'http://127.0.0.1:8080/virtio-win.iso', 'virtio-win-sha256': '' });
    expect(readSettings().virtioWinDownload?.url).toBe('http://127.0.0.1:8080/virtio-win.iso');
  });
});

describe('artifact-name: auto', () => {
  const date = new Date('2026-11-29T12:00:00Z');
  const base = { edition: 'Windows 11 Pro', os: 'w11', firmware: 'uefi', date } as const;

  it('names the edition (slugged), the os, the firmware and the matrix leg', () => {
    expect(autoArtifactName(base)).toBe('windows-11-pro-w11-uefi-20261129.qcow2');
    expect(autoArtifactName({ ...base, jobIndex: 2 })).toBe('windows-11-pro-w11-uefi-job2-20261129.qcow2');
    expect(autoArtifactName({ ...base, edition: "  Bob's $HOME <Edition>  ", os: undefined })).toBe(
      'bob-s-home-edition-uefi-20261129.qcow2',
    );
  });

  it('tells apart legs that differ only in firmware, or only in matrix index', () => {
    expect(autoArtifactName({ ...base, firmware: 'uefi-secure' })).not.toBe(autoArtifactName(base));
    expect(autoArtifactName({ ...base, jobIndex: 0 })).not.toBe(autoArtifactName({ ...base, jobIndex: 1 }));
  });

  it('is read from the inputs, the os from the edition, the leg from job-index', () => {
    inputs({ iso: '/isos/win.iso', edition: 'Windows Server 2022 SERVERDATACENTER', firmware: 'bios' });
    inputs({ 'artifact-name': 'auto', 'job-index': '4' });
    const settings = readSettings();
    expect(settings.artifactName).toMatch(
      /^windows-server-2022-serverdatacenter-2k22-bios-job4-\d{8}\.qcow2$/,
    );
    expect(settings.autoArtifact).toMatchObject({ os: '2k22', firmware: 'bios', jobIndex: 4 });
    expect(settings.options.output).toMatch(new RegExp(`/bake-windows-image/${settings.artifactName}$`));
  });

  it('takes a leg label for job-index in place of job<n>', () => {
    expect(autoArtifactName({ ...base, jobIndex: 'W11_Pro.24h2' })).toBe(
      'windows-11-pro-w11-uefi-w11-pro-24h2-20261129.qcow2',
    );
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'auto', 'job-index': 'w11-pro' });
    expect(readSettings().artifactName).toMatch(/^windows-11-pro-w11-uefi-w11-pro-\d{8}\.qcow2$/);
  });

  it('slugs a leg name with spaces or other characters for job-index instead of refusing it', () => {
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'auto', 'job-index': '  W11 Pro (24H2)  ' });
    const settings = readSettings();
    expect(settings.autoArtifact).toMatchObject({ jobIndex: 'w11-pro-24h2' });
    expect(settings.artifactName).toMatch(/^windows-11-pro-w11-uefi-w11-pro-24h2-\d{8}\.qcow2$/);
    expect(legLabel('two legs')).toBe('two-legs');
    expect(legLabel(`${'x'.repeat(39)} y`)).toBe('x'.repeat(39));
  });

  it('refuses a job-index with no letter or digit, naming the input', () => {
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'auto', 'job-index': '--- !' });
    expect(errorOf().message).toBe('Input job-index: "--- !" has no letter or digit to name the leg');
  });

  it('an explicit name is taken as given', () => {
    inputs({ iso: '/isos/win.iso', 'artifact-name': 'mine.qcow2', 'job-index': '1' });
    expect(readSettings()).toMatchObject({ artifactName: 'mine.qcow2', autoArtifact: undefined });
  });
});
