import type { BuildContext, Step } from '../context.js';
export declare class CreateDisk implements Step {
    readonly title = "Creating the disk";
    run(context: BuildContext): Promise<void>;
}
