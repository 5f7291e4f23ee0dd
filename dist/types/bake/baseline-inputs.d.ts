import type { BuildContext } from './context.js';
export interface UploadSpec {
    source: string;
    /** An absolute Windows path: `C:\tools`. */
    destination: string;
}
/** `SRC=DEST` → its parts; the last `=` splits (a host path may hold one; a Windows DEST rarely does). Pure. */
export declare function parseUpload(spec: string): UploadSpec;
/** An upload's source exists and can be read (a file or a directory): checked at preflight. */
export declare function checkUploadSource(spec: string): void;
/** What a provisioning script sees besides the account's environment (never the password). */
export declare function scriptEnvironment(context: Pick<BuildContext, 'options' | 'os' | 'buildId' | 'base'>, scriptName: string): Record<string, string>;
