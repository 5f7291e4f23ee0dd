import type { BuildContext, Step } from '../context.js';
export declare class Finalize implements Step {
    readonly title = "Finalizing the image";
    run(context: BuildContext): Promise<void>;
}
/** The hint of an image that could not be placed. The builder adds the same for later failures. */
export declare function keptHint(image: string, firmwareState?: string): string;
