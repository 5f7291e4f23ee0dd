import type { BuildContext, Step } from '../context.js';
/** A port the kernel just handed out on 127.0.0.1: two builds on one runner never share one. */
export declare function freeLoopbackPort(): Promise<number>;
/** Longest socket path the kernel takes (sun_path is 108 bytes with its NUL). */
export declare const MAX_SOCKET_PATH = 107;
/**
 * Where the socket directory goes: the system's temp dir when a socket path in it always fits, else /tmp.
 * Pure; the bound holds whatever TMPDIR or the work dir is.
 */
export declare function socketDirParent(tmpdir: string): string;
export declare class PlanVm implements Step {
    readonly title = "Planning the VM";
    readonly phase: "boot";
    private socketDir?;
    run(context: BuildContext): Promise<void>;
    cleanup(): Promise<void>;
}
/** A base cache hit: the VM boots the installed base (an overlay on it), not the installer. */
export declare function bootsBase(context: Pick<BuildContext, 'base'>): boolean;
