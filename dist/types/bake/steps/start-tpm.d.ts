import type { BuildContext, Step } from '../context.js';
/** Where swtpm keeps its state, inside the work dir. */
export declare function tpmStateDir(workDir: string): string;
/** `swtpm socket` arguments for a TPM 2.0 on a unix control socket. Pure. */
export declare function swtpmArgs(stateDir: string, socket: string): string[];
export declare class StartTpm implements Step {
    readonly title = "Starting the TPM";
    private swtpm?;
    run(context: BuildContext): Promise<void>;
    cleanup(context: BuildContext): Promise<void>;
}
