/**
 * One running VM, shared by the steps that drive it: the QEMU process, its QMP monitor, the serial console,
 * the SSH target, the reboot count, and what the build is doing with it (the phase, for the heartbeat and for
 * error messages). The step that starts it stops it, in its cleanup.
 */
import { EventEmitter } from 'node:events';
import { BuildError } from '../errors.js';
import { type Logger } from '../log.js';
import { type CommandResult, type SshTarget } from '../guest/ssh.js';
import { ManagedProcess } from '../tools/process.js';
import { type VmSpec } from '../tools/qemu.js';
import { QmpClient } from '../tools/qmp.js';
import { SerialLog } from './serial-log.js';
import type { VmTimings } from './timings.js';
export interface VmSessionOptions {
    spec: VmSpec;
    /** QEMU's arguments (from qemuArgs(spec)). */
    argv: readonly string[];
    timings: VmTimings;
    ssh: SshTarget;
    logger: Logger;
    /** When the build started, for "elapsed" in messages. */
    startedAt: number;
}
export declare class VmSession extends EventEmitter<{
    reboot: [number];
}> {
    readonly qemu: ManagedProcess;
    readonly serial: SerialLog;
    /** What the build does with the VM now, e.g. "Windows Setup (2 reboots so far)"; set by the steps. */
    phase: string;
    /** Keys sent to the VM (boot prompt answers). */
    keysSent: number;
    readonly spec: VmSpec;
    readonly timings: VmTimings;
    readonly ssh: SshTarget;
    private readonly logger;
    private readonly startedAt;
    private readonly counter;
    private heartbeat?;
    private qmpClient?;
    private constructor();
    /** Starts QEMU and connects to its monitor; on failure nothing is left running. */
    static start(options: VmSessionOptions): Promise<VmSession>;
    get qmp(): QmpClient;
    get reboots(): number;
    get running(): boolean;
    /** "12m 3s" since the build started. */
    elapsed(): string;
    /** The heartbeat line: phase, elapsed time, reboots, disk allocated. */
    describe(): string;
    /** Sends one key to the guest (a QEMU qcode); a failure is logged, not thrown. */
    pressKey(why: string, qcode?: string): void;
    /** Runs a command in the guest over SSH (cmd.exe command line); throws SshError. */
    runInGuest(command: string, timeoutMs?: number, stdin?: string): Promise<CommandResult>;
    /** The last lines of the serial console, for error messages. */
    serialTail(): string;
    /** The error for QEMU having exited on its own `when`. */
    exitedError(when: string): BuildError;
    /** Stops QEMU (SIGTERM, then SIGKILL), closes the monitor and the serial log. Safe to call twice. */
    stop(): Promise<void>;
    private onReset;
    /**
     * QEMU creates its QMP socket within milliseconds of starting: wait for it to appear (or QEMU to exit),
     * then connect. A connect that comes between QEMU's bind and listen is refused: that one is tried again.
     */
    private connectQmp;
}
