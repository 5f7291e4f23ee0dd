/** Real Windows Installer packages for tests, made with wixl (Debian: wixl, from msitools). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small x64 MSI that installs one file, named like a Win32-OpenSSH release by default. */
export function makeMsi(dir: string, name = 'OpenSSH-Win64-v9.8.3.0.msi'): string {
  const source = path.join(dir, `${name}-src`);
  mkdirSync(source, { recursive: true });
  writeFileSync(path.join(source, 'sshd.txt'), 'stand-in for sshd.exe\n');
  writeFileSync(
    path.join(source, 'package.wxs'),
    `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="OpenSSH test package" Language="1033" Version="9.8.3.0" Manufacturer="bake-windows-image tests"
           UpgradeCode="5b7a9f0e-2c1d-4f4e-9a51-0d9a6f3c2b11">
    <Package InstallerVersion="500" Compressed="yes"/>
    <Media Id="1" Cabinet="data.cab" EmbedCab="yes"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="OpenSSH">
          <Component Id="Server" Guid="7e0c3c8a-55a4-4c1e-8d0c-1f7f7f3e9a21" Win64="yes">
            <File Id="sshd" Source="sshd.txt"/>
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Server" Level="1"><ComponentRef Id="Server"/></Feature>
  </Product>
</Wix>
`,
  );
  const msi = path.join(dir, name);
  // wixl resolves Source attributes against its working directory only.
  execFileSync('wixl', ['-a', 'x64', '-o', msi, 'package.wxs'], { cwd: source, stdio: 'pipe' });
  return msi;
}
