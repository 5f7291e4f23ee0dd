import type { BuildContext, Step } from '../context.js';
/** `dir/.name.partial-1a2b3c4d`: hidden, next to the output, unique per build. */
export declare function partialPath(output: string): string;
export declare class Compact implements Step {
    readonly title = "Compacting the image";
    private partial?;
    private finished;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
}
