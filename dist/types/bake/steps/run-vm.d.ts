/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm). Produces: session (QEMU running, its
 * monitor connected, the serial console followed, reboots counted). This step's cleanup stops QEMU, on
 * success (already powered off by then) and failure alike.
 */
import { type VmSpec } from '../../tools/qemu.js';
import type { BuildContext, Step } from '../context.js';
export declare class RunVm implements Step {
    readonly title = "Starting the VM";
    private session?;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
    /** QEMU's command line for the plan. */
    protected qemuArgv(spec: VmSpec): string[];
}
