import type { BuildContext, Step } from '../context.js';
export declare class KeepBase implements Step {
    readonly title = "Keeping the installed system as the base";
    run(context: BuildContext): Promise<void>;
}
