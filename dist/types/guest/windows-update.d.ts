/** The round script's first line; the stand-in guest recognises the script by it. */
export declare const WINDOWS_UPDATE_HEADER = "# bake-windows-image: Windows Update round";
/** The round script in the guest. */
export declare const WINDOWS_UPDATE_SCRIPT_PATH = "C:\\Windows\\Temp\\bake-windows-image\\windows-update.ps1";
/** The round's own folder: progress, result and the round counter. */
export declare const WINDOWS_UPDATE_DIR = "C:\\Windows\\Temp\\bake-windows-image\\windows-update";
export declare const WINDOWS_UPDATE_PROGRESS_PATH = "C:\\Windows\\Temp\\bake-windows-image\\windows-update\\progress.log";
export declare const WINDOWS_UPDATE_RESULT_PATH = "C:\\Windows\\Temp\\bake-windows-image\\windows-update\\result.json";
export declare const WINDOWS_UPDATE_ROUNDS_PATH = "C:\\Windows\\Temp\\bake-windows-image\\windows-update\\rounds.txt";
/** The scheduled task's name. */
export declare const WINDOWS_UPDATE_TASK = "bake-windows-image-update";
export interface WindowsUpdateFilters {
    /** KB numbers never installed, as `KB` and digits. */
    excludeKbs: readonly string[];
    /** PowerShell -like patterns of titles never installed (`*Preview*`). */
    excludeTitles: readonly string[];
    includeDrivers: boolean;
    includePreviews: boolean;
}
/** The round script for these filters. */
export declare function windowsUpdateScript(filters: WindowsUpdateFilters): string;
/**
 * The round script as the file to upload: UTF-8 with a byte order mark, because Windows PowerShell 5.1
 * reads a .ps1 without one in the ANSI code page, which would garble a non-ASCII title pattern.
 */
export declare function windowsUpdateScriptFile(filters: WindowsUpdateFilters): Buffer;
/**
 * The lines of progress.log not seen yet, as the build log shows them (`Windows Update: MESSAGE`), and how
 * many lines are seen now. The host reads the whole file on each poll; a line still being written (no line
 * end yet) waits for the next poll; a file shorter than before (a new round's log) starts over.
 */
export declare function newProgressLines(text: string, seen: number): {
    lines: string[];
    seen: number;
};
/** Creates (or replaces) the task that runs the round script once as SYSTEM, elevated; a cmd.exe line. */
export declare const CREATE_UPDATE_TASK_COMMAND = "schtasks /Create /F /TN bake-windows-image-update /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR \"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File C:\\Windows\\Temp\\bake-windows-image\\windows-update.ps1\"";
/** Starts a round now. */
export declare const RUN_UPDATE_TASK_COMMAND = "schtasks /Run /TN bake-windows-image-update";
/** Removes the task: at the end, also after a failure. */
export declare const DELETE_UPDATE_TASK_COMMAND = "schtasks /Delete /F /TN bake-windows-image-update";
/** PowerShell: the last round's result goes before the next round starts (a missing one is fine). */
export declare const REMOVE_UPDATE_RESULT_SCRIPT: string;
/** One command line that starts a round: the old result goes, the task is made and run. */
export declare const START_ROUND_COMMAND: string;
/** The line between the progress log and the result in POLL_ROUND_SCRIPT's output. */
export declare const POLL_SEPARATOR = "--- bake-windows-image: result.json ---";
/**
 * One look at a running round, one login: the progress log, the separator, and the result once there is one
 * (UTF-8 both, written without a BOM: Windows PowerShell 5.1 would read them in the ANSI code page).
 */
export declare const POLL_ROUND_SCRIPT: string;
/** POLL_ROUND_SCRIPT's output → the progress log's text and the result's (undefined while it is missing). Pure. */
export declare function splitPoll(stdout: string): {
    progress: string;
    result?: string;
};
/** Drops superseded components after the updates; /ResetBase also makes the installed ones permanent. */
export declare function componentCleanupCommand(resetBase: boolean): string;
