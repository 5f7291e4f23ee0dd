import type { Step } from '../context.js';
export declare const preflight: Step;
/** Whether KVM can run a VM here: the device opens read-write and the CPU has VMX/SVM. */
export declare function kvmUsable(cpuinfo?: string): {
    ok: true;
} | {
    ok: false;
    reason: string;
};
/** kvm when usable (auto, kvm), tcg when asked for; a clear error otherwise. */
export declare function resolveAccel(accel: 'auto' | 'kvm' | 'tcg'): 'kvm' | 'tcg';
