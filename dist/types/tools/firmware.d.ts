export interface UefiFirmware {
    /** Read-only code flash. */
    code: string;
    /** Template for the per-build variable store (copied, never used in place). */
    varsTemplate: string;
    secureBoot: boolean;
    /** The code requires SMM (Secure Boot builds): -machine smm=on and a secure pflash. */
    requiresSmm: boolean;
}
interface FirmwareDescriptor {
    'interface-types'?: string[];
    mapping?: {
        device?: string;
        executable?: {
            filename?: string;
            format?: string;
        };
        'nvram-template'?: {
            filename?: string;
            format?: string;
        };
    };
    targets?: {
        architecture?: string;
        machines?: string[];
    }[];
    features?: string[];
}
/** Lower directories win on the same file name, as QEMU's spec says (user, then /etc, then /usr/share). */
export declare const DESCRIPTOR_DIRS: string[];
/** Pure: whether a descriptor is a flash-based x86_64 q35 UEFI build fit for the mode. */
export declare function descriptorFits(descriptor: FirmwareDescriptor, mode: 'uefi' | 'uefi-secure'): boolean;
export declare function findUefiFirmware(mode: 'uefi' | 'uefi-secure', dirs?: readonly string[]): UefiFirmware;
export {};
