/** The wrapper's first line. */
export declare const PROVISION_WRAPPER_HEADER = "# bake-windows-image: run a provisioning script";
export type ScriptKind = 'powershell' | 'cmd';
/** ERROR_SUCCESS_REBOOT_REQUIRED: done, and the guest must restart before the next script. */
export declare const EXIT_REBOOT_REQUIRED = 3010;
/** ERROR_SUCCESS_REBOOT_INITIATED: done, and the script has already started the restart. */
export declare const EXIT_REBOOT_INITIATED = 1641;
/** Whether the file's extension says how to run it (what scriptKind takes). */
export declare function isProvisionScript(file: string): boolean;
/** How a provisioning script runs, from its extension (any case). */
export declare function scriptKind(file: string): ScriptKind;
/**
 * The script's file name in the guest: `NN-NAME`, NN its place in the order (from 1, two digits at least),
 * NAME its own file name with every character outside [A-Za-z0-9._-] replaced by `_` (the extension stays).
 */
export declare function guestScriptName(index: number, localPath: string): string;
/** The Windows path of a provisioning script in the guest. */
export declare function guestScriptPath(guestName: string): string;
export interface ProvisionWrapperInput {
    /** The script's Windows path in the guest. */
    script: string;
    kind: ScriptKind;
    /** One `$env:NAME = '…'` line each, in this order. Never the password. */
    env: Record<string, string>;
}
/** The wrapper's text: PowerShell that sets the variables, runs the script and exits with its code. */
export declare function provisionWrapper(input: ProvisionWrapperInput): string;
/** The command line that runs the wrapper over SSH. */
export declare function provisionCommand(input: ProvisionWrapperInput): string;
export type ProvisionOutcome = 'ok' | 'reboot' | 'failed';
/** What a script's exit code means: next script, restart then next script, or a failed build. */
export declare function provisionOutcome(code: number | null): ProvisionOutcome;
/** A line of a script's output as the build log shows it. */
export declare function provisionLogLine(guestName: string, line: string): string;
