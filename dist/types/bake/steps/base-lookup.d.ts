import type { BuildContext, Step } from '../context.js';
export declare class LookUpBase implements Step {
    readonly title = "Looking up the cached base";
    private release?;
    run(context: BuildContext): Promise<void>;
    /** Registers this build as the base's user; a base evicted since the lookup is a miss. */
    private using;
    cleanup(context: BuildContext, succeeded: boolean): Promise<void>;
}
/** The first 12 hex digits: enough to tell bases apart in a log. */
export declare function short(key: string): string;
