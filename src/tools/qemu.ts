/**
 * The QEMU command line, as a pure function of a VM spec: easy to read, test, and print with --dry-run.
 * Facts it respects are in notes/windows-setup.md; the comments name them.
 */
import { vncArgument, type VncAddress } from './vnc.js';

export { vncDisplayName } from './vnc.js';

export interface VmSpec {
  /** A short name for process lists (`ps`) and logs. */
  name: string;
  accel: 'kvm' | 'tcg';
  memoryMiB: number;
  cpus: number;
  firmware:
    | { type: 'bios' }
    | {
        type: 'uefi';
        code: string;
        /** The build's private copy of the variable store (never the distribution's template). */
        vars: string;
        secureBoot: boolean;
        requiresSmm: boolean;
      };
  /** swtpm's control socket: a TPM 2.0 for Windows 11 with Secure Boot. */
  tpmSocket?: string;
  disk: {
    path: string;
    /**
     * cache=unsafe ignores the guest's flushes: the install runs much faster, and a build that dies half way
     * is thrown away anyway. A finished image is booted with the default (safe) cache mode.
     */
    unsafeCache: boolean;
  };
  /** CD-ROMs in boot order of importance: installer, drivers, answer medium. The first one is bootable. */
  cdroms: string[];
  /** Host port on 127.0.0.1 forwarded to the guest's SSH port. */
  sshHostPort: number;
  qmpSocket: string;
  serialLog: string;
  pidFile?: string;
  /** --vnc: a VNC server on loopback or a unix socket, for watching the bake. */
  vnc?: VncAddress;
}

export const QEMU_SYSTEM = 'qemu-system-x86_64';

/** qemu-img's default qcow2 cluster size, which the disks here keep. */
export const QCOW2_CLUSTER_BYTES = 65536;

/**
 * Hyper-V enlightenments that make Windows fast and stable under KVM (timer, APIC and spinlock
 * paravirtualisation); Windows ignores them when absent, but runs its install much slower.
 */
const HYPERV_FLAGS = [
  'hv_relaxed',
  'hv_vapic',
  'hv_spinlocks=0x1fff',
  'hv_vpindex',
  'hv_runtime',
  'hv_time',
  'hv_synic',
  'hv_stimer',
  'hv_frequencies',
  'hv_reset',
  'hv_tlbflush',
  'hv_ipi',
];

/** A value inside a QEMU -option list: commas are doubled, or QEMU would split the path there. */
function q(value: string): string {
  return value.replace(/,/g, ',,');
}

export function qemuArgs(spec: VmSpec): string[] {
  const uefi = spec.firmware.type === 'uefi' ? spec.firmware : undefined;
  const smm = uefi?.requiresSmm ?? false;
  const args: string[] = [
    '-name',
    `${spec.name},process=${spec.name}`,
    '-nodefaults',
    '-no-user-config',
    // Windows 11 wants q35 (PCIe, AHCI); Secure Boot firmware needs SMM.
    '-machine',
    `q35,smm=${smm ? 'on' : 'off'}`,
    '-accel',
    spec.accel,
    // Windows 11 24H2 needs SSE4.2/POPCNT: the host CPU under KVM, everything TCG can emulate otherwise.
    '-cpu',
    spec.accel === 'kvm' ? `host,${HYPERV_FLAGS.join(',')}` : 'max',
    '-smp',
    String(spec.cpus),
    '-m',
    String(spec.memoryMiB),
    // Windows keeps the hardware clock in local time.
    '-rtc',
    'base=localtime',
  ];
  // No -no-reboot: Setup reboots two to four times and must come back each time (notes/windows-setup.md).
  if (uefi) {
    if (smm) args.push('-global', 'driver=cfi.pflash01,property=secure,value=on');
    args.push(
      '-drive',
      `if=pflash,format=raw,unit=0,readonly=on,file=${q(uefi.code)}`,
      '-drive',
      `if=pflash,format=raw,unit=1,file=${q(uefi.vars)}`,
    );
  }
  if (spec.tpmSocket) {
    args.push(
      '-chardev',
      `socket,id=chrtpm,path=${q(spec.tpmSocket)}`,
      '-tpmdev',
      'emulator,id=tpm0,chardev=chrtpm',
      '-device',
      'tpm-crb,tpmdev=tpm0',
    );
  }
  // CD-ROMs on q35's built-in AHCI controller (ide.0 … ide.5): virtio-scsi CD-ROMs misbehave in recent
  // Windows builds. Only the installer gets a boot index, ahead of the disk: the firmware tries it first on
  // every boot, and its "Press any key" prompt falls through to the disk once the key is not pressed.
  spec.cdroms.forEach((file, index) => {
    args.push(
      '-drive',
      `if=none,id=cd${index},media=cdrom,readonly=on,file=${q(file)}`,
      '-device',
      `ide-cd,drive=cd${index},bus=ide.${index}${index === 0 ? ',bootindex=0' : ''}`,
    );
  });
  // The system disk on virtio-scsi (vioscsi): SCSI UNMAP passes the guest's TRIM through, so Windows'
  // ReTrim frees host space before compaction; it is also the controller Proxmox and others recommend.
  args.push(
    '-device',
    'virtio-scsi-pci,id=scsi0',
    '-drive',
    `if=none,id=disk0,format=qcow2,file=${q(spec.disk.path)},cache=${spec.disk.unsafeCache ? 'unsafe' : 'writeback'},discard=unmap,detect-zeroes=unmap`,
    // discard_granularity = the qcow2 cluster: current Windows 11 with vioscsi fails TRIM ("Incorrect
    // function") without it (virtio-win/kvm-guest-drivers-windows#1574).
    '-device',
    `scsi-hd,drive=disk0,bus=scsi0.0,bootindex=1,discard_granularity=${QCOW2_CLUSTER_BYTES}`,
    // User-mode networking, SSH forwarded to loopback only, on a port chosen per build.
    '-netdev',
    `user,id=net0,hostfwd=tcp:127.0.0.1:${spec.sshHostPort}-:22`,
    '-device',
    'virtio-net-pci,netdev=net0',
    '-device',
    'virtio-rng-pci',
    // No window, but a VGA device so screendumps of Setup's screen still work.
    '-display',
    'none',
    '-device',
    'VGA',
    ...(spec.vnc ? ['-vnc', vncArgument(spec.vnc)] : []),
    '-chardev',
    `file,id=serial0,path=${q(spec.serialLog)}`,
    '-serial',
    'chardev:serial0',
    '-chardev',
    `socket,id=qmp0,path=${q(spec.qmpSocket)},server=on,wait=off`,
    '-mon',
    'chardev=qmp0,mode=control',
  );
  if (spec.pidFile) args.push('-pidfile', spec.pidFile);
  return args;
}

/** Quotes an argv for humans (dry-run output, error hints); never executed by a shell. */
export function formatCommand(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
