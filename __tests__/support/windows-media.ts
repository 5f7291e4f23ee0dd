/** Small but real Windows-like installation ISOs and virtio-win ISOs for tests that do not boot them. */
import path from 'node:path';
import { makeIso } from './cli.js';
import { genisoimageUdf, makeWim, writeTree, type WimImageSpec } from './media.js';

/** install.wim properties of a Windows 11 24H2 Pro image, as Microsoft's XML has them. */
export const WIN11_24H2 = {
  'WINDOWS/EDITIONID': 'Professional',
  'WINDOWS/INSTALLATIONTYPE': 'Client',
  'WINDOWS/ARCH': '9',
  'WINDOWS/VERSION/MAJOR': '10',
  'WINDOWS/VERSION/MINOR': '0',
  'WINDOWS/VERSION/BUILD': '26100',
  'WINDOWS/VERSION/SPBUILD': '1742',
  'WINDOWS/LANGUAGES/LANGUAGE': 'en-US',
  'WINDOWS/LANGUAGES/DEFAULT': 'en-US',
};

/**
 * Like Microsoft's ISOs: sources/install.wim (a real WIM with these images) in the UDF tree only, the ISO 9660
 * tree without sources/. Returns the ISO's path.
 */
export async function makeWindowsIso(
  dir: string,
  name: string,
  images: WimImageSpec[] = [{ name: 'Windows 11 Pro', properties: WIN11_24H2 }],
): Promise<string> {
  const tree = writeTree(path.join(dir, `${name}-tree`), { 'setup.exe': 'MZ', 'sources/boot.wim': 'x' });
  await makeWim(dir, path.join(tree, 'sources', 'install.wim'), images);
  return genisoimageUdf(tree, path.join(dir, `${name}.iso`), {
    label: 'CCCOMA_X64FRE_EN-US_DV9',
    hide: ['sources'],
  });
}

/** virtio-win's layout: <driver>/<os>/amd64 with an .inf, for the given drivers and versions. */
export function virtioFiles(drivers: string[], oses: string[]): Record<string, string> {
  const files: Record<string, string> = { 'virtio-win-guest-tools.exe': 'MZ' };
  for (const driver of drivers)
    for (const os of oses) files[`${driver}/${os}/amd64/${driver.toLowerCase()}.inf`] = '[Version]';
  return files;
}

/** A virtio-win ISO (ISO 9660 + Joliet, like the real one) with every driver for every supported version. */
export function makeVirtioIso(dir: string, name = 'virtio', label = 'virtio-win-0.1.262'): string {
  return makeIso(
    dir,
    name,
    label,
    virtioFiles(['vioscsi', 'viostor', 'NetKVM'], ['w10', 'w11', '2k19', '2k22', '2k25']),
  );
}
