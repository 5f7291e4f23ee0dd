import { describe, expect, it } from '@jest/globals';
import { bootCommand } from '../../src/action/summary.js';
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
