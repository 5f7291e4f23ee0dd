import type { BuildContext, Step } from '../context.js';
export declare class PrepareWorkDir implements Step {
    readonly title = "Preparing the work directory";
    readonly phase: "answer-medium";
    /** Remove the directory itself (we made it), or only its contents (the user's empty directory). */
    private removeDirectory;
    run(context: BuildContext): Promise<void>;
    cleanup(context: BuildContext, succeeded: boolean): Promise<void>;
}
