import type { BuildContext, Step } from '../context.js';
export declare class ShutDown implements Step {
    readonly title = "Shutting down";
    readonly phase: "shutdown";
    run(context: BuildContext): Promise<void>;
    private waitForPowerOff;
}
