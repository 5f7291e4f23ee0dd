export interface SudoCommand {
    argv: string[];
    /** Written to the command's stdin. */
    input?: string;
    /** What it does, for the log. */
    why: string;
}
/** `sudo -n program args…`. Pure. */
export declare function sudoArgv(sudo: string, ...argv: string[]): string[];
/** Whether sudo's own words say it refused (no passwordless rule), rather than the command failing. */
export declare function sudoRefused(output: string): boolean;
/** Runs one command; its exit code (null: it did not start) and what it wrote on stderr. */
export declare function runSudo(command: SudoCommand, signal?: AbortSignal): Promise<{
    code: number | null;
    output: string;
}>;
