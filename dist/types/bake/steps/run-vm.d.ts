import { type VmSpec } from '../../tools/qemu.js';
import type { BuildContext, Step } from '../context.js';
export declare class RunVm implements Step {
    readonly title = "Starting the VM";
    private session?;
    private unfollow?;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
    /** QEMU's command line for the plan. */
    protected qemuArgv(spec: VmSpec): string[];
}
