import type { BuildContext, Step } from '../context.js';
/** `--update-exclude` values: KB numbers, and title patterns for everything else. Pure. */
export declare function updateFilters(exclude: readonly string[]): {
    excludeKbs: string[];
    excludeTitles: string[];
};
export declare class InstallWindowsUpdates implements Step {
    readonly title = "Installing Windows updates";
    readonly phase: "updates";
    /** Lines of progress.log logged so far (it grows over all the rounds). */
    private progressSeen;
    run(context: BuildContext): Promise<void>;
    /** One round: start the task, follow its progress, return its result. */
    private round;
    /** The round's progress and result so far; undefined while the guest does not answer (it may be busy). */
    private poll;
    private cleanUpComponentStore;
}
