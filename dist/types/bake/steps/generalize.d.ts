import type { BuildContext, Step } from '../context.js';
export declare class Generalize implements Step {
    readonly title = "Generalizing (sysprep)";
    readonly phase: "shutdown";
    run(context: BuildContext): Promise<void>;
    /** One command in the guest; a refused password is final, other SSH failures are the step's failure. */
    private guest;
    private upload;
    /** The guest is still running after the sysprep budget: say why, from sysprep's own log. */
    private fail;
}
