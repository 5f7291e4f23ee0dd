/**
 * What the first-logon script and the host agree on: the lines it writes to COM1 (the host follows the serial
 * log), the marker it leaves, and where its log is. The stand-in guest (test/standin) speaks the same lines.
 */
/** Written by the first-logon script as its second-to-last statement; the host checks it over SSH. */
export declare const READY_MARKER_PATH = "C:\\smolvm-ready.txt";
export declare const READY_MARKER_TEXT = "ready";
/** The line the first-logon script writes to COM1 as its very last action. */
export declare const READY_SIGNAL = "bake-windows-image: guest ready";
/**
 * Progress lines the first-logon script writes to COM1 start with this prefix (e.g.
 * "bake-windows-image: first-logon: step 'start sshd' FAILED: …"). None equals READY_SIGNAL.
 */
export declare const GUEST_PROGRESS_PREFIX = "bake-windows-image: first-logon: ";
/**
 * A step that failed: the script writes `<prefix><step>: <error>` and stops, so the host fails the build at
 * once instead of waiting for a ready line that never comes.
 */
export declare const GUEST_FAILURE_PREFIX = "bake-windows-image: guest failed: ";
/** The first-logon script's log inside the guest (fetch it over SSH when something went wrong). */
export declare const FIRST_LOGON_LOG_PATH = "C:\\Windows\\Temp\\bake-windows-image-first-logon.log";
/**
 * The Windows Update policy key and value: NoAutoUpdate=1 turns automatic updating off. The answer file sets
 * it in specialize, before the first logon, so that nothing downloads or installs during the bake and no
 * shutdown meets "Working on updates" (rgl/windows-vagrant and dockur/windows set it too); with
 * automaticUpdates the host removes it again just before the final shutdown.
 */
export declare const WINDOWS_UPDATE_POLICY_KEY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU";
export declare const NO_AUTO_UPDATE_VALUE = "NoAutoUpdate";
export interface GuestFailure {
    step: string;
    error: string;
}
/** `bake-windows-image: guest failed: start sshd: Service … cannot be started` → its step and error. */
export declare function parseGuestFailure(line: string): GuestFailure | undefined;
