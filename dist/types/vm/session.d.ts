/**
 * One running VM, shared by the steps that drive it: the QEMU process, its QMP monitor, the serial console,
 * the SSH target, the reboot count, and what the build is doing with it (the phase, for the heartbeat and for
 * error messages). The step that starts it stops it, in its cleanup.
 */
import { EventEmitter } from 'node:events';
import { BuildError } from '../errors.js';
import { type Logger } from '../log.js';
import { type CommandOptions, type CommandResult, type SshTarget } from '../guest/ssh.js';
import { ManagedProcess } from '../tools/process.js';
import { type VmSpec } from '../tools/qemu.js';
import { QmpClient } from '../tools/qmp.js';
import { type HeartbeatFacts } from './heartbeat.js';
import { ScreenRecorder } from './screens.js';
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
    /** Screenshots into `dir`, every `intervalMs` and at reboots and phase changes; absent: none. */
    screens?: {
        dir: string;
        intervalMs: number;
        /** The name a screenshot gets for the phase when it was asked for; by default the session's phase. */
        phase?: () => string;
    };
}
export interface VmSessionEvents {
    reboot: [number];
    /** A key was sent to the guest. */
    key: [string];
    /** The install disk's allocated bytes, every timings.diskSampleMs. */
    disk: [number];
    heartbeat: [HeartbeatFacts];
    /** A screenshot kept: the PNG and why it was taken. */
    screenshot: [string, string];
}
export declare class VmSession extends EventEmitter<VmSessionEvents> {
    readonly qemu: ManagedProcess;
    readonly serial: SerialLog;
    /** Screenshots of the VM (undefined when they are off). */
    screens?: ScreenRecorder;
    /** Keys sent to the VM (boot prompt answers). */
    keysSent: number;
    /** The time left, when earlier builds of the same kind tell (set by the build); for the heartbeat. */
    estimateRemaining?: () => number | undefined;
    readonly spec: VmSpec;
    readonly timings: VmTimings;
    readonly ssh: SshTarget;
    /** QEMU's executable and arguments, as started (for the failure bundle). */
    readonly commandLine: readonly string[];
    private readonly logger;
    private readonly startedAt;
    private readonly counter;
    private heartbeat?;
    private diskTimer?;
    private lastBeat?;
    private qmpClient?;
    private currentPhase;
    private constructor();
    /** Starts QEMU and connects to its monitor; on failure nothing is left running. */
    static start(options: VmSessionOptions): Promise<VmSession>;
    /** What the build does with the VM now, e.g. "Windows Setup (2 reboots so far)"; set by the steps. */
    get phase(): string;
    /** A phase change gets a screenshot: the screen as the phase before left it. */
    set phase(phase: string);
    get qmp(): QmpClient;
    get reboots(): number;
    get running(): boolean;
    /** "12m 3s" since the build started. */
    elapsed(): string;
    /** Bytes allocated in the install disk's file; undefined when it cannot be read. */
    diskBytes(): number | undefined;
    /** What the heartbeat says now: phase, elapsed time, reboots, disk written and its rate, time left. */
    heartbeatFacts(now?: number): HeartbeatFacts;
    /** The heartbeat line, for messages. */
    describe(): string;
    /** Sends one key to the guest (a QEMU qcode); a failure is logged, not thrown. */
    pressKey(why: string, qcode?: string): void;
    /** Runs a command in the guest over SSH (cmd.exe command line); throws SshError. */
    runInGuest(command: string, timeoutMs?: number, stdinOrOptions?: string | CommandOptions): Promise<CommandResult>;
    /** The last lines of the serial console, for error messages. */
    serialTail(): string;
    /** The error for QEMU having exited on its own `when`. */
    exitedError(when: string): BuildError;
    /** Stops QEMU (SIGTERM, then SIGKILL), closes the monitor and the serial log. Safe to call twice. */
    stop(): Promise<void>;
    /** One heartbeat: the line in the log, the facts to whoever listens (the build's events). */
    private beat;
    private stopTimers;
    private onReset;
    /**
     * QEMU creates its QMP socket within milliseconds of starting: wait for it to appear (or QEMU to exit),
     * then connect. A connect that comes between QEMU's bind and listen is refused: that one is tried again.
     */
    private connectQmp;
}
