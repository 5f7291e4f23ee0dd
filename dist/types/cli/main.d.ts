export interface CliIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}
/** Runs the CLI; resolves to the exit code. Never calls process.exit (the entry point does). */
export declare function runCli(argv: readonly string[], io?: CliIo, signal?: AbortSignal): Promise<number>;
