import { type VmSpec } from '../../tools/qemu.js';
import type { BuildContext, Step } from '../context.js';
/** QEMU's words when the SSH forward's port is taken (slirp's bind failed). */
export declare function lostPortRace(error: unknown): boolean;
export declare class RunVm implements Step {
    readonly title = "Starting the VM";
    private session?;
    private unfollow?;
    run(context: BuildContext): Promise<void>;
    private start;
    cleanup(): Promise<void>;
    /** QEMU's command line for the plan. */
    protected qemuArgv(spec: VmSpec): string[];
}
