import type { BuildContext, Step } from '../context.js';
export declare class Provision implements Step {
    readonly title = "Provisioning";
    readonly phase: "provisioning";
    run(context: BuildContext): Promise<void>;
    private runScript;
}
