import type { BuildContext, Step } from '../context.js';
/** Deletes the folder and all in it; nothing when it is not there. */
export declare const REMOVE_WORK_DIR_SCRIPT: string;
export declare class RemoveGuestWorkFolder implements Step {
    readonly title = "Removing the build's files from the guest";
    run(context: BuildContext): Promise<void>;
}
