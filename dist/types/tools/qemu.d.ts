/**
 * The QEMU command line, as a pure function of a VM spec: easy to read, test, and print with --dry-run.
 * Facts it respects are in notes/windows-setup.md; the comments name them.
 */
import { type VncAddress } from './vnc.js';
export { vncDisplayName } from './vnc.js';
export interface VmSpec {
    /** A short name for process lists (`ps`) and logs. */
    name: string;
    accel: 'kvm' | 'tcg';
    memoryMiB: number;
    cpus: number;
    firmware: {
        type: 'bios';
    } | {
        type: 'uefi';
        code: string;
        /** The build's private copy of the variable store (never the distribution's template). */
        vars: string;
        secureBoot: boolean;
        requiresSmm: boolean;
    };
    /** swtpm's control socket: a TPM 2.0 for Windows 11 with Secure Boot. */
    tpmSocket?: string;
    disk: {
        path: string;
        /**
         * cache=unsafe ignores the guest's flushes: the install runs much faster, and a build that dies half way
         * is thrown away anyway. A finished image is booted with the default (safe) cache mode.
         */
        unsafeCache: boolean;
    };
    /** CD-ROMs in boot order of importance: installer, drivers, answer medium. The first one is bootable. */
    cdroms: string[];
    /** Host port on 127.0.0.1 forwarded to the guest's SSH port. */
    sshHostPort: number;
    qmpSocket: string;
    serialLog: string;
    pidFile?: string;
    /** --vnc: a VNC server on loopback or a unix socket, for watching the bake. */
    vnc?: VncAddress;
}
export declare const QEMU_SYSTEM = "qemu-system-x86_64";
/** qemu-img's default qcow2 cluster size, which the disks here keep. */
export declare const QCOW2_CLUSTER_BYTES = 65536;
export declare function qemuArgs(spec: VmSpec): string[];
/** Quotes an argv for humans (dry-run output, error hints); never executed by a shell. */
export declare function formatCommand(argv: readonly string[]): string;
