/**
 * What a bake can target: the Windows versions, firmware modes and accelerators. Every layer names them
 * (media reads the version off install.wim, unattend renders per version and firmware, the host packages
 * depend on the firmware), so they live here, below all of them, and not with the build's options.
 */
/** The virtio-win folder names of the supported Windows versions. */
export type WindowsOs = 'w10' | 'w11' | '2k19' | '2k22' | '2k25';
export declare const WINDOWS_OSES: readonly WindowsOs[];
export type Firmware = 'uefi' | 'uefi-secure' | 'bios';
export declare const FIRMWARES: readonly Firmware[];
/** `auto` = KVM when /dev/kvm is usable, else the build refuses; TCG only when asked for. */
export type Accel = 'auto' | 'kvm' | 'tcg';
export declare const ACCELS: readonly Accel[];
/** What a VM actually runs with, once `auto` is decided. */
export type Accelerator = Exclude<Accel, 'auto'>;
