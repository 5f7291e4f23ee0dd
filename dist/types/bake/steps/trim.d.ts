import type { BuildContext, Step } from '../context.js';
export declare class TrimFreeSpace implements Step {
    readonly title = "Trimming free space";
    readonly phase: "trim";
    run(context: BuildContext): Promise<void>;
    /** Runs one method; undefined when it worked, else why not. Cancellation and the deadline throw. */
    private attempt;
}
