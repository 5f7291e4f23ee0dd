import type { BuildContext, Step } from '../context.js';
export declare class WaitUntilReady implements Step {
    readonly title = "Installing Windows";
    run(context: BuildContext): Promise<void>;
    /** What a timeout message adds: reboots, whether a key was pressed, the serial tail. */
    private seen;
}
