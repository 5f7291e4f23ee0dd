import type { BuildContext, Step } from '../context.js';
export declare class LookUpBase implements Step {
    readonly title = "Looking up the cached base";
    private release?;
    run(context: BuildContext): Promise<void>;
    cleanup(context: BuildContext, succeeded: boolean): Promise<void>;
}
/** The first 12 hex digits: enough to tell bases apart in a log. */
export declare function short(key: string): string;
