import type { BuildError } from '../errors.js';
import type { BuildContext } from './context.js';
export interface FailureBundle {
    /** The bundle's directory, `<output>.failure`. */
    dir: string;
    /** The last screenshot, inside the bundle. */
    lastScreenshot?: string;
    /** The files written, relative to dir. */
    files: string[];
}
/** What failure.json holds: the facts a summary shows without reading the other files. */
export interface FailureFacts {
    code: string;
    message: string;
    hint?: string;
    /** What the build was doing with the VM (e.g. "Windows Setup (1 reboot so far)"). */
    phase: string;
    elapsed: string;
    reboots: number;
    /** The last lines of the serial console. */
    serialTail: string[];
    /** The first-logon script's last progress line (or its failure line), when it ran. */
    guestLastStep?: string;
    /** Guest logs fetched over SSH; what could not be, and why. */
    guestLogs: {
        file: string;
        fetched: boolean;
        detail: string;
    }[];
}
/** `<output>.failure`: beside the output, never inside it. Pure. */
export declare function bundleDir(output: string): string;
/** The first-logon script's last step, from the serial console's text. Pure. */
export declare function lastGuestStep(serial: string): string | undefined;
/**
 * Writes the bundle for `error`; replaces one an earlier failed build of the same output left. Undefined when
 * the build never started QEMU (nothing to show that the error does not say).
 */
export declare function writeFailureBundle(context: BuildContext, error: BuildError): Promise<FailureBundle | undefined>;
