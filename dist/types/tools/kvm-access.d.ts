import type { Logger } from '../log.js';
import { type SudoCommand } from './sudo.js';
/** The `enable-kvm` input: auto (when needed), true (also with accel tcg, and a failure is always an error), false (never). */
export declare const ENABLE_KVM_MODES: readonly ["auto", "true", "false"];
export type EnableKvm = (typeof ENABLE_KVM_MODES)[number];
/** The rule android-emulator-runner documents: everyone may open kvm; static_node keeps it so at boot. */
export declare const KVM_UDEV_RULE = "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"";
export interface KvmAccessPaths {
    /** The device (a test passes a node of its own). */
    device: string;
    /** The rule's file. */
    rulesFile: string;
    /** Present while udevd runs (its control socket). */
    udevControl: string;
    /** The CPU flags that say whether KVM can run at all. */
    cpuinfo: string;
}
export declare const SYSTEM_KVM_PATHS: KvmAccessPaths;
export type KvmDeviceState = 'usable' | 'missing' | 'denied' | 'unusable';
/**
 * Whether this process can open the device read-write, by opening it: access() and mode bits tell nothing
 * for root, and nothing about ACLs or a group membership that needs a new login.
 */
export declare function probeKvmDevice(device: string): {
    state: KvmDeviceState;
    detail?: string;
};
/** What to do about the device: leave it, or open it up for this user. Pure. */
export declare function kvmAccessAction(mode: EnableKvm, accel: 'auto' | 'kvm' | 'tcg', state: KvmDeviceState): 'leave' | 'enable';
/**
 * The commands that open up the device, each through `sudo -n` with absolute program paths (sudo's
 * secure_path would otherwise pick its own): with udevd, the rule, a reload and a trigger; without, chmod.
 * Pure.
 */
export declare function enableCommands(paths: KvmAccessPaths, programs: {
    sudo: string;
    tee: string;
    udevadm: string;
    chmod: string;
}, udevRunning: boolean): SudoCommand[];
/** The fix when this user cannot get at the device: said by every failure here. */
export declare function kvmAccessHint(paths: KvmAccessPaths): string;
/**
 * Opens up the device for this user and waits until it opens (at most `waitMs`, polling: udev applies a
 * trigger asynchronously and there is no event to wait for from here). A BuildError when sudo is refused,
 * a command fails, or the device still does not open.
 */
export declare function enableKvmAccess(paths: KvmAccessPaths, logger: Logger, { waitMs, signal }?: {
    waitMs?: number;
    signal?: AbortSignal;
}): Promise<void>;
/** Whether KVM can run a VM here: the device opens read-write and the CPU has VMX/SVM. */
export declare function kvmUsable(cpuinfo?: string, device?: string): {
    ok: true;
} | {
    ok: false;
    reason: string;
};
/** kvm when usable (auto, kvm), tcg when asked for; a clear error otherwise. */
export declare function resolveAccel(accel: 'auto' | 'kvm' | 'tcg', where?: Pick<KvmAccessPaths, 'device' | 'cpuinfo'>): 'kvm' | 'tcg';
