export interface ProgramInfo {
    /** Executable name on PATH. */
    command: string;
    apt: string;
    dnf: string;
    /** An environment variable that may name the executable instead. */
    env: string;
}
export declare const PROGRAMS: {
    readonly xorrisofs: {
        readonly command: "xorrisofs";
        readonly apt: "xorriso";
        readonly dnf: "xorriso";
        readonly env: "BAKE_XORRISOFS";
    };
    readonly qemuImg: {
        readonly command: "qemu-img";
        readonly apt: "qemu-utils";
        readonly dnf: "qemu-img";
        readonly env: "BAKE_QEMU_IMG";
    };
    readonly qemuSystem: {
        readonly command: "qemu-system-x86_64";
        readonly apt: "qemu-system-x86";
        readonly dnf: "qemu-system-x86-core";
        readonly env: "BAKE_QEMU_SYSTEM";
    };
    readonly swtpm: {
        readonly command: "swtpm";
        readonly apt: "swtpm swtpm-tools";
        readonly dnf: "swtpm swtpm-tools";
        readonly env: "BAKE_SWTPM";
    };
};
/** The absolute path of a command found on PATH, or undefined. */
export declare function findOnPath(command: string, envPath?: string): string | undefined;
export declare function installHint(programs: readonly ProgramInfo[]): string;
/** The executable for a program, or a tool-missing BuildError that says how to install it. */
export declare function requireProgram(program: ProgramInfo): string;
export interface RunResult {
    stdout: string;
    stderr: string;
}
export interface RunOptions {
    cwd?: string;
    signal?: AbortSignal;
    /** Text that must never appear in an error message (e.g. the password). */
    secrets?: readonly string[];
}
/** Runs a program to completion; a non-zero exit becomes a tool-failed BuildError with its stderr. */
export declare function run(executable: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
export declare function lastLines(text: string, count: number): string;
