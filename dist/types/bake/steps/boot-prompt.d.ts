import type { BuildContext, Step } from '../context.js';
export declare class AnswerBootPrompt implements Step {
    readonly title = "Watching for the boot prompt";
    private watcher?;
    private unsubscribe?;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
    private stopWatching;
}
