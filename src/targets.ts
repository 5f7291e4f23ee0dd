/**
 * What a bake can target: the Windows versions, firmware modes and accelerators. Every layer names them
 * (media reads the version off install.wim, unattend renders per version and firmware, the host packages
 * depend on the firmware), so they live here, below all of them, and not with the build's options.
 */

/** The virtio-win folder names of the supported Windows versions. */
export type WindowsOs = 'w10' | 'w11' | '2k19' | '2k22' | '2k25';
export const WINDOWS_OSES: readonly WindowsOs[] = ['w10', 'w11', '2k19', '2k22', '2k25'];

export type Firmware = 'uefi' | 'uefi-secure' | 'bios';
export const FIRMWARES: readonly Firmware[] = ['uefi', 'uefi-secure', 'bios'];

/** `auto` = KVM when /dev/kvm is usable, else the build refuses; TCG only when asked for. */
export type Accel = 'auto' | 'kvm' | 'tcg';
export const ACCELS: readonly Accel[] = ['auto', 'kvm', 'tcg'];
/** What a VM actually runs with, once `auto` is decided. */
export type Accelerator = Exclude<Accel, 'auto'>;
