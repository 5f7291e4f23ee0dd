import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { shellQuote } from '../../src/action/shell-quote.js';
import { bootCommand, downloadCommand } from '../../src/action/summary.js';
import { firmwareStatePaths } from '../../src/bake/steps/firmware-state.js';

describe('firmwareStatePaths', () => {
  it('puts the state next to the image, named after it', () => {
    expect(firmwareStatePaths('/out/win11.qcow2', 'uefi')).toEqual({ vars: '/out/win11.efivars.fd' });
    expect(firmwareStatePaths('/out/win11.QCOW2', 'uefi-secure')).toEqual({
      vars: '/out/win11.efivars.fd',
      tpm: '/out/win11.tpm',
    });
    expect(firmwareStatePaths('/out/image', 'uefi-secure').tpm).toBe('/out/image.tpm');
  });
});

describe('bootCommand', () => {
  it('BIOS needs no firmware files', () => {
    const command = bootCommand('/out/win.qcow2', 'bios');
    expect(command).not.toMatch(/pflash|OVMF|swtpm/);
    expect(command).toMatch(/^qemu-system-x86_64 -machine q35 /);
    expect(command).toContain('file=win.qcow2');
  });

  it('UEFI starts from a fresh copy of the plain vars', () => {
    const lines = bootCommand('/out/win.qcow2', 'uefi').split('\n');
    expect(lines[0]).toBe('cp /usr/share/OVMF/OVMF_VARS_4M.fd OVMF_VARS.fd');
    expect(lines.join('\n')).toContain('readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd');
    expect(lines.join('\n')).toContain('unit=1,file=OVMF_VARS.fd');
    expect(lines.join('\n')).not.toMatch(/smm=on|swtpm|secboot/);
  });

  it('Secure Boot adds SMM, the secure pflash, Microsoft-keyed vars and a TPM', () => {
    const command = bootCommand('/out/win.qcow2', 'uefi-secure');
    expect(command).toContain('cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd OVMF_VARS.fd');
    expect(command).toContain('mkdir -p tpm');
    expect(command).toMatch(/swtpm socket --tpm2 --tpmstate dir=tpm .*&\nwhile \[ ! -S swtpm.sock \]/);
    expect(command).toContain('-machine q35,smm=on');
    expect(command).toContain('-global driver=cfi.pflash01,property=secure,value=on');
    expect(command).toContain('OVMF_CODE_4M.secboot.fd');
    expect(command).toContain('-device tpm-crb,tpmdev=tpm0');
  });

  it('uses kept firmware state instead of fresh copies', () => {
    const command = bootCommand('/out/win.qcow2', 'uefi-secure', {
      vars: '/out/win.efivars.fd',
      tpm: '/out/win.tpm',
    });
    expect(command).not.toMatch(/^cp |mkdir/m);
    expect(command).toContain('--tpmstate dir=win.tpm');
    expect(command).toContain('unit=1,file=win.efivars.fd');
  });
});

describe('shell lines in the summary', () => {
  const hostile = `it's $HOME \`x\` "y".qcow2`;

  it('quotes words only when they need it, and a single quote inside', () => {
    expect(shellQuote('windows-11_pro.qcow2')).toBe('windows-11_pro.qcow2');
    expect(shellQuote('a b')).toBe(`'a b'`);
    expect(shellQuote(hostile)).toBe(`'it'\\''s $HOME \`x\` "y".qcow2'`);
    expect(shellQuote('')).toBe(`''`);
    // What a shell makes of the quoted word is the word itself.
    const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(hostile)}`], { encoding: 'utf8' });
    expect(echoed).toBe(hostile);
  });

  it('bootCommand quotes the file names, and doubles commas inside QEMU option lists', () => {
    const command = bootCommand(`/out/${hostile}`, 'uefi-secure', {
      vars: '/out/a,b vars.fd',
      tpm: '/out/my tpm',
    });
    expect(command).toContain(`-drive 'if=none,id=disk0,discard=unmap,file=it'\\''s $HOME \`x\` "y".qcow2' `);
    expect(command).toContain(`-drive 'if=pflash,format=raw,unit=1,file=a,,b vars.fd'`);
    expect(command).toContain(`--tpmstate 'dir=my tpm' `);
    const fresh = bootCommand('/out/win.qcow2', 'uefi-secure', { vars: '/out/my vars.fd' });
    expect(fresh).toContain(`mkdir -p tpm`);
  });

  it('downloads an artifact by the REST endpoint that serves the bare file, names quoted', () => {
    const artifact = { id: 77, name: hostile, size: 1, digest: 'ab'.repeat(32) };
    const command = downloadCommand(artifact, {
      GITHUB_API_URL: 'https://api.example.ghe.com/',
      GITHUB_REPOSITORY: 'o/r',
    });
    const lines = command.split('\n');
    expect(lines[0]).toMatch(/^# .*cli\/cli#13012/);
    expect(lines[1]).toBe(
      `curl -fL -H "Authorization: Bearer $(gh auth token)" -o ${shellQuote(hostile)} https://api.example.ghe.com/repos/o/r/actions/artifacts/77/zip`,
    );
    expect(lines[2]).toBe(`echo ${shellQuote(`${'ab'.repeat(32)}  ${hostile}`)} | sha256sum -c`);
    expect(downloadCommand(artifact, {})).toContain(
      'https://api.github.com/repos/OWNER/REPO/actions/artifacts/77/zip',
    );
  });
});
