import type { BuildContext, Step } from '../context.js';
export declare class RestoreAutomaticUpdates implements Step {
    readonly title = "Turning automatic updates back on";
    readonly phase: "shutdown";
    run(context: BuildContext): Promise<void>;
}
