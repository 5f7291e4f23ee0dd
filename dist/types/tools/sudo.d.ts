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
/** The command that failed in runSudoCommands: its exit code (null: it did not start) and its stderr. */
export interface SudoFailure {
    command: SudoCommand;
    code: number | null;
    output: string;
    /** sudo itself refused (no passwordless rule), rather than the command failing. */
    refused: boolean;
}
/** Runs `commands` in order, each said in `log` first; stops at the first that fails and returns it. */
export declare function runSudoCommands(commands: readonly SudoCommand[], log: (line: string) => void, signal?: AbortSignal): Promise<SudoFailure | undefined>;
