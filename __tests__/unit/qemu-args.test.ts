import { describe, expect, it } from '@jest/globals';
import { formatCommand, qemuArgs, type VmSpec } from '../../src/tools/qemu.js';
import path from 'node:path';
import { MAX_SOCKET_PATH, socketDirParent } from '../../src/bake/steps/vm-plan.js';

const base: VmSpec = {
  name: 'bake-windows-image-test',
  accel: 'kvm',
  memoryMiB: 4096,
  cpus: 4,
  firmware: { type: 'bios' },
  disk: { path: '/work/disk.qcow2', unsafeCache: true },
  cdroms: ['/isos/win.iso', '/isos/virtio-win.iso', '/work/autounattend.iso'],
  sshHostPort: 40222,
  qmpSocket: '/work/qmp.sock',
  serialLog: '/work/serial.log',
};

/** The value after each occurrence of a flag. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}

describe('qemuArgs', () => {
  it('never passes -no-reboot: Setup reboots several times', () => {
    expect(qemuArgs(base)).not.toContain('-no-reboot');
  });

  it('uses q35, the host CPU with Hyper-V enlightenments under KVM', () => {
    const args = qemuArgs(base);
    expect(values(args, '-machine')).toEqual(['q35,smm=off']);
    expect(values(args, '-accel')).toEqual(['kvm']);
    expect(values(args, '-cpu')[0]).toMatch(/^host,hv_relaxed,.*hv_time/);
    expect(values(args, '-m')).toEqual(['4096']);
    expect(values(args, '-smp')).toEqual(['4']);
  });

  it('emulates everything TCG can under TCG (SSE4.2/POPCNT for 24H2)', () => {
    expect(values(qemuArgs({ ...base, accel: 'tcg' }), '-cpu')).toEqual(['max']);
  });

  it('attaches the three ISOs as AHCI CD-ROMs, only the installer bootable, ahead of the disk', () => {
    const args = qemuArgs(base);
    const devices = values(args, '-device');
    expect(devices).toContain('ide-cd,drive=cd0,bus=ide.0,bootindex=0');
    expect(devices).toContain('ide-cd,drive=cd1,bus=ide.1');
    expect(devices).toContain('ide-cd,drive=cd2,bus=ide.2');
    expect(devices).toContain('scsi-hd,drive=disk0,bus=scsi0.0,bootindex=1,discard_granularity=65536');
    const drives = values(args, '-drive');
    expect(drives).toContain('if=none,id=cd2,media=cdrom,readonly=on,file=/work/autounattend.iso');
  });

  it('puts the disk on virtio-scsi with unmap, unsafe cache only during the install', () => {
    const drive = values(qemuArgs(base), '-drive').find((d) => d.startsWith('if=none,id=disk0'))!;
    expect(drive).toContain('cache=unsafe');
    expect(drive).toContain('discard=unmap');
    const safe = values(qemuArgs({ ...base, disk: { ...base.disk, unsafeCache: false } }), '-drive');
    expect(safe.find((d) => d.startsWith('if=none,id=disk0'))).toContain('cache=writeback');
  });

  it('forwards SSH on loopback only, on the chosen port', () => {
    expect(values(qemuArgs(base), '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:40222-:22']);
  });

  it('has no display but a VGA device, serial to the log, QMP on the socket', () => {
    const args = qemuArgs(base);
    expect(values(args, '-display')).toEqual(['none']);
    expect(values(args, '-device')).toContain('VGA');
    expect(values(args, '-chardev')).toEqual([
      'file,id=serial0,path=/work/serial.log',
      'socket,id=qmp0,path=/work/qmp.sock,server=on,wait=off',
    ]);
    expect(values(args, '-mon')).toEqual(['chardev=qmp0,mode=control']);
  });

  it('boots BIOS with no pflash, UEFI with read-only code and the private vars copy', () => {
    expect(values(qemuArgs(base), '-drive').some((d) => d.includes('pflash'))).toBe(false);
    const uefi = qemuArgs({
      ...base,
      firmware: {
        type: 'uefi',
        code: '/fw/CODE.fd',
        vars: '/work/VARS.fd',
        secureBoot: false,
        requiresSmm: false,
      },
    });
    expect(values(uefi, '-drive')).toEqual(
      expect.arrayContaining([
        'if=pflash,format=raw,unit=0,readonly=on,file=/fw/CODE.fd',
        'if=pflash,format=raw,unit=1,file=/work/VARS.fd',
      ]),
    );
    expect(values(uefi, '-global')).toEqual([]);
  });

  it('turns on SMM, a secure pflash and the TPM for Secure Boot', () => {
    const args = qemuArgs({
      ...base,
      firmware: {
        type: 'uefi',
        code: '/fw/SB.fd',
        vars: '/work/VARS.fd',
        secureBoot: true,
        requiresSmm: true,
      },
      tpmSocket: '/work/swtpm.sock',
    });
    expect(values(args, '-machine')).toEqual(['q35,smm=on']);
    expect(values(args, '-global')).toEqual(['driver=cfi.pflash01,property=secure,value=on']);
    expect(values(args, '-tpmdev')).toEqual(['emulator,id=tpm0,chardev=chrtpm']);
    expect(values(args, '-device')).toContain('tpm-crb,tpmdev=tpm0');
  });

  it('doubles commas in paths so QEMU does not split them', () => {
    const args = qemuArgs({ ...base, disk: { path: '/a,b/disk.qcow2', unsafeCache: true } });
    expect(values(args, '-drive').find((d) => d.includes('disk0'))).toContain('file=/a,,b/disk.qcow2,');
  });
});

describe('formatCommand', () => {
  it('quotes what a shell would split', () => {
    expect(formatCommand(['qemu', '-name', 'a b', "it's", 'plain=1,x'])).toBe(
      `qemu -name 'a b' 'it'\\''s' plain=1,x`,
    );
  });
});

describe('socketDirParent', () => {
  it('keeps every socket path within the kernel limit, whatever TMPDIR is', () => {
    expect(socketDirParent('/tmp')).toBe('/tmp');
    expect(socketDirParent('/run/user/1000')).toBe('/run/user/1000');
    const long = `/home/runner/work/_temp/${'x'.repeat(80)}`;
    expect(socketDirParent(long)).toBe('/tmp');
    for (const tmpdir of ['/tmp', '/run/user/1000', long, `/${'y'.repeat(200)}`]) {
      const socket = path.join(socketDirParent(tmpdir), 'bwi-abcdef', 'swtpm.sock');
      expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(MAX_SOCKET_PATH);
    }
  });
});
