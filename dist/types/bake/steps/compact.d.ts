import type { BuildContext, Step } from '../context.js';
export declare class Compact implements Step {
    readonly title = "Compacting the image";
    readonly phase: "compaction";
    private partial?;
    private finished;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
}
