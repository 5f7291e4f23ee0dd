/** Choosing the image and the Windows version from install.wim's list, and the virtio-win version rule. */
import { describe, expect, it } from '@jest/globals';
import { ExitCode } from '../../src/errors.js';
import type { WimImage } from '../../src/media/wim.js';
import {
  chooseImage,
  formatImageTable,
  MIN_VIRTIO_WIN_FOR_24H2,
  osForImage,
  selectImage,
  virtioWinVersion,
} from '../../src/media/windows-media.js';
import { thrownBy } from '../support/build.js';

function image(name: string, extra: Partial<WimImage> = {}): WimImage {
  return { index: 1, name, server: false, languages: [], ...extra };
}

const WIN11_24H2 = image('Windows 11 Pro', {
  index: 6,
  editionId: 'Professional',
  installationType: 'Client',
  arch: 'amd64',
  version: { major: 10, minor: 0, build: 26100, spBuild: 1742 },
  languages: ['en-US'],
  defaultLanguage: 'en-US',
});

describe('osForImage', () => {
  it.each([
    [{ version: { major: 10, minor: 0, build: 26100 }, server: false }, 'Windows 10 Pro', 'w11'],
    [{ version: { major: 10, minor: 0, build: 19045 }, server: false }, 'Windows 10 Pro', 'w10'],
    [{ version: { major: 10, minor: 0, build: 17763 }, server: true }, 'Windows Server 2019', '2k19'],
    [{ version: { major: 10, minor: 0, build: 20348 }, server: true }, 'X', '2k22'],
    [{ version: { major: 10, minor: 0, build: 26100 }, server: true }, 'X', '2k25'],
    [{}, 'Windows Server 2022 SERVERSTANDARDCORE', '2k22'],
    [{}, 'My Custom Image', undefined],
  ])('%j named %s is %s', (extra, name, os) => {
    // The build number wins over the name: older Windows 11 ISOs name their images "Windows 10 …".
    expect(osForImage(image(name, extra as Partial<WimImage>))).toBe(os);
  });
});

describe('selectImage', () => {
  const images = [image('Windows 11 Home', { index: 1 }), { ...WIN11_24H2, index: 2 }];

  it('finds the image by its exact NAME, as Setup does', () => {
    expect(selectImage(images, 'Windows 11 Pro', 'win.iso').index).toBe(2);
  });

  it('lists every image when none matches, and names a near miss', () => {
    const error = thrownBy(() => selectImage(images, 'windows 11  pro', 'win.iso'));
    expect(error.exitCode).toBe(ExitCode.Usage);
    expect(error.message).toMatch(
      /--edition "windows 11 {2}pro" is not an image of win\.iso \(did you mean "Windows 11 Pro"\?\)/,
    );
    expect(error.message).toMatch(/^1\s+Windows 11 Home/m);
    expect(error.message).toMatch(
      /^2\s+Windows 11 Pro\s+Professional\s+10\.0\.26100\.1742\s+amd64\s+Client\s+en-US\s+w11$/m,
    );
    expect(error.hint).toContain('list-editions --iso win.iso');
  });
});

describe('chooseImage', () => {
  const base = { locale: 'en-US', iso: 'win.iso' };

  it('derives the version and keeps the locale the image has', () => {
    expect(chooseImage(WIN11_24H2, base)).toEqual({
      image: WIN11_24H2,
      os: 'w11',
      uiLanguage: 'en-US',
      warnings: [],
    });
  });

  it('lets --os override, with a warning when it disagrees', () => {
    const choice = chooseImage(WIN11_24H2, { ...base, os: 'w10' });
    expect(choice.os).toBe('w10');
    expect(choice.warnings).toEqual([expect.stringMatching(/--os w10 overrides w11/)]);
  });

  it('falls back to the image default UI language when it lacks --locale', () => {
    const german = { ...WIN11_24H2, languages: ['de-DE'], defaultLanguage: 'de-DE' };
    const choice = chooseImage(german, base);
    expect(choice.uiLanguage).toBe('de-DE');
    expect(choice.warnings).toEqual([expect.stringMatching(/has no en-US language \(it has de-DE\)/)]);
  });

  it('refuses images for other CPUs', () => {
    const error = thrownBy(() => chooseImage({ ...WIN11_24H2, arch: 'arm64' }, base));
    expect(error.message).toMatch(/is for arm64; this builder makes x64/);
  });

  it('asks for --os when neither build nor name tells', () => {
    const error = thrownBy(() => chooseImage(image('Custom'), base));
    expect(error.message).toMatch(/pass --os/);
    expect(error.exitCode).toBe(ExitCode.Usage);
  });
});

describe('virtioWinVersion', () => {
  it('reads the version from the volume label', () => {
    expect(virtioWinVersion('virtio-win-0.1.262')).toEqual([0, 1, 262]);
    expect(virtioWinVersion('VIRTIO-WIN-0.1.285')).toEqual([0, 1, 285]);
    expect(virtioWinVersion('CDROM')).toBeUndefined();
    expect(MIN_VIRTIO_WIN_FOR_24H2).toEqual([0, 1, 258]);
  });
});

describe('formatImageTable', () => {
  it('aligns the columns under a header', () => {
    const lines = formatImageTable([
      WIN11_24H2,
      image('Windows Server 2022 SERVERDATACENTER', { index: 10 }),
    ]).split('\n');
    expect(lines[0]).toMatch(/^INDEX\s+NAME\s+EDITION\s+VERSION\s+ARCH\s+TYPE\s+LANGUAGES\s+OS$/);
    expect(lines[0]!.indexOf('NAME')).toBe(lines[1]!.indexOf('Windows 11 Pro'));
    expect(lines[2]).toMatch(/^10\s+Windows Server 2022 SERVERDATACENTER\s+2k22$/);
  });
});
