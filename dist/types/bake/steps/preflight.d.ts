import type { BuildContext, Step } from '../context.js';
export declare class Preflight implements Step {
    readonly title = "Checking inputs and host";
    readonly phase: "preflight";
    run(context: BuildContext): Promise<void>;
}
/** Whether KVM can run a VM here: the device opens read-write and the CPU has VMX/SVM. */
export declare function kvmUsable(cpuinfo?: string): {
    ok: true;
} | {
    ok: false;
    reason: string;
};
/** kvm when usable (auto, kvm), tcg when asked for; a clear error otherwise. */
export declare function resolveAccel(accel: 'auto' | 'kvm' | 'tcg'): 'kvm' | 'tcg';
