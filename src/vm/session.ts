/**
 * One running VM, shared by the steps that drive it: the QEMU process, its QMP monitor, the serial console,
 * the SSH target, the reboot count, and what the build is doing with it (the phase, for the heartbeat and for
 * error messages). The step that starts it stops it, in its cleanup.
 */
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { formatDuration, type Logger } from '../log.js';
import { runCommand, type CommandOptions, type CommandResult, type SshTarget } from '../guest/ssh.js';
import { PROGRAMS, requireProgram } from '../tools/exec.js';
import { ManagedProcess } from '../tools/process.js';
import { formatCommand, vncDisplayName, type VmSpec } from '../tools/qemu.js';
import { QmpClient } from '../tools/qmp.js';
import { screendumpPng } from '../tools/screendump.js';
import { waitForPath } from '../tools/wait-for-path.js';
import { diskRate, heartbeatLine, type HeartbeatFacts } from './heartbeat.js';
import { RebootCounter } from './reboot-counter.js';
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

export class VmSession extends EventEmitter<VmSessionEvents> {
  /** Screenshots of the VM (undefined when they are off). */
  screens?: ScreenRecorder;
  /** Keys sent to the VM (boot prompt answers). */
  keysSent = 0;
  /** The time left, when earlier builds of the same kind tell (set by the build); for the heartbeat. */
  estimateRemaining?: () => number | undefined;
  readonly spec: VmSpec;
  readonly timings: VmTimings;
  readonly ssh: SshTarget;
  /** QEMU's executable and arguments, as started (for the failure bundle). */
  readonly commandLine: readonly string[];
  private readonly logger: Logger;
  private readonly startedAt: number;
  private readonly counter: RebootCounter;
  private heartbeat?: NodeJS.Timeout;
  private diskTimer?: NodeJS.Timeout;
  private lastBeat?: { bytes: number; at: number };
  private qmpClient?: QmpClient;
  private currentPhase = 'starting QEMU';

  private constructor(
    options: VmSessionOptions,
    executable: string,
    readonly qemu: ManagedProcess,
    readonly serial: SerialLog,
  ) {
    super();
    this.spec = options.spec;
    this.timings = options.timings;
    this.ssh = options.ssh;
    this.commandLine = [executable, ...options.argv];
    this.logger = options.logger;
    this.startedAt = options.startedAt;
    this.counter = new RebootCounter(options.timings.rebootDebounceMs);
  }

  /** Starts QEMU and connects to its monitor; on failure nothing is left running. */
  static async start(options: VmSessionOptions): Promise<VmSession> {
    const { spec, logger } = options;
    const executable = requireProgram(PROGRAMS.qemuSystem);
    const serial = new SerialLog(spec.serialLog);
    logger.debug(`QEMU: ${formatCommand([executable, ...options.argv])}`);
    const session = new VmSession(options, executable, new ManagedProcess(executable, options.argv), serial);
    logger.info(
      `QEMU started (pid ${session.qemu.pid}, ${spec.accel}, ${spec.cpus} vCPU, ${spec.memoryMiB} MiB); SSH forward 127.0.0.1:${spec.sshHostPort}; serial log ${spec.serialLog}`,
    );
    try {
      session.qmpClient = await session.connectQmp();
    } catch (error) {
      await session.stop();
      throw error;
    }
    session.qmp.on('event', (event) => {
      if (event.event === 'RESET') session.onReset();
      else if (event.event === 'SHUTDOWN')
        logger.debug(`Guest powered off (${JSON.stringify(event.data ?? {})})`);
    });
    session.qmp.on('malformed', (line) => logger.debug(`QMP sent a line that is not JSON: ${line}`));
    if (spec.vnc) logger.info(`VNC: watch the VM at ${vncDisplayName(spec.vnc)}`);
    if (options.screens) {
      const { dir, intervalMs, phase } = options.screens;
      session.screens = new ScreenRecorder({
        dir,
        intervalMs,
        logger,
        phase: phase ?? (() => session.phase),
        onSaved: (file, reason) => session.emit('screenshot', file, reason),
        // QEMU writes the dump itself: a scratch file beside the PNGs, never a kept name.
        grab: () => screendumpPng(session.qmp, path.join(dir, '.screendump')),
      });
    }
    session.heartbeat = setInterval(() => session.beat(), options.timings.heartbeatMs);
    session.heartbeat.unref();
    session.diskTimer = setInterval(() => {
      const bytes = session.diskBytes();
      if (bytes !== undefined) session.emit('disk', bytes);
    }, options.timings.diskSampleMs);
    session.diskTimer.unref();
    // Once QEMU is gone there is nothing to follow or report (compaction has its own lines).
    void session.qemu.exited.then(() => {
      session.stopTimers();
      session.serial.close();
    });
    return session;
  }

  /** What the build does with the VM now, e.g. "Windows Setup (2 reboots so far)"; set by the steps. */
  get phase(): string {
    return this.currentPhase;
  }

  /** A phase change gets a screenshot: the screen as the phase before left it. */
  set phase(phase: string) {
    if (phase === this.currentPhase) return;
    this.currentPhase = phase;
    void this.screens?.capture('phase');
  }

  get qmp(): QmpClient {
    if (!this.qmpClient) throw new Error('QMP is not connected');
    return this.qmpClient;
  }

  get reboots(): number {
    return this.counter.reboots;
  }

  get running(): boolean {
    return this.qemu.running;
  }

  /** "12m 3s" since the build started. */
  elapsed(): string {
    return formatDuration(Date.now() - this.startedAt);
  }

  /** Bytes allocated in the install disk's file; undefined when it cannot be read. */
  diskBytes(): number | undefined {
    try {
      return statSync(this.spec.disk.path).blocks * 512;
    } catch {
      return undefined;
    }
  }

  /** What the heartbeat says now: phase, elapsed time, reboots, disk written and its rate, time left. */
  heartbeatFacts(now = Date.now()): HeartbeatFacts {
    const bytes = this.diskBytes();
    const remainingMs = this.estimateRemaining?.();
    return {
      phase: this.phase,
      elapsedMs: now - this.startedAt,
      reboots: this.reboots,
      ...(bytes === undefined ? {} : { diskBytes: bytes }),
      ...(bytes === undefined ? {} : { diskBytesPerSecond: diskRate(this.lastBeat, bytes, now) }),
      ...(remainingMs === undefined ? {} : { remainingMs }),
    };
  }

  /** The heartbeat line, for messages. */
  describe(): string {
    return heartbeatLine(this.heartbeatFacts());
  }

  /** Sends one key to the guest (a QEMU qcode); a failure is logged, not thrown. */
  pressKey(why: string, qcode = 'ret'): void {
    this.keysSent++;
    this.logger.info(`Answering the boot prompt (${why})`);
    this.emit('key', qcode);
    this.qmp
      .sendKey(qcode)
      .catch((error: Error) => this.logger.warn(`Could not send the key: ${error.message}`));
  }

  /** Runs a command in the guest over SSH (cmd.exe command line); throws SshError. */
  runInGuest(
    command: string,
    timeoutMs = this.timings.sshCommandMs,
    stdinOrOptions?: string | CommandOptions,
  ): Promise<CommandResult> {
    return runCommand(this.ssh, command, timeoutMs, stdinOrOptions);
  }

  /** The last lines of the serial console, for error messages. */
  serialTail(): string {
    const tail = this.serial.tail(15);
    return tail.length
      ? `Last lines of the serial console:\n  ${tail.join('\n  ')}`
      : 'The serial console stayed silent.';
  }

  /** The error for QEMU having exited on its own `when`. */
  exitedError(when: string): BuildError {
    const stderr = this.qemu.stderrTail();
    return new BuildError(
      'guest-exited',
      `QEMU stopped ${when}: ${this.qemu.describeExit()}${this.reboots ? ` after ${this.reboots} reboots` : ''} (${this.elapsed()}).\n${this.serialTail()}${stderr ? `\nQEMU said:\n  ${stderr.split('\n').join('\n  ')}` : ''}`,
      {
        hint: 'A guest that powers off during Setup usually hit an error screen: see the last screenshot and the serial log in the failure bundle.',
      },
    );
  }

  /** Stops QEMU (SIGTERM, then SIGKILL), closes the monitor and the serial log. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopTimers();
    this.qmpClient?.close();
    await this.qemu.stop(this.timings.killGraceMs);
    this.serial.close();
  }

  /** One heartbeat: the line in the log, the facts to whoever listens (the build's events). */
  private beat(): void {
    const now = Date.now();
    const facts = this.heartbeatFacts(now);
    if (facts.diskBytes !== undefined) this.lastBeat = { bytes: facts.diskBytes, at: now };
    this.logger.info(`… ${heartbeatLine(facts)}`);
    this.emit('heartbeat', facts);
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.diskTimer);
    this.screens?.stop();
  }

  private onReset(): void {
    if (!this.counter.reset(Date.now())) return;
    this.logger.info(`Guest rebooted (${this.reboots}) at ${this.elapsed()}`);
    void this.screens?.capture('reboot');
    this.emit('reboot', this.reboots);
  }

  /**
   * QEMU creates its QMP socket within milliseconds of starting: wait for it to appear (or QEMU to exit),
   * then connect. A connect that comes between QEMU's bind and listen is refused: that one is tried again.
   */
  private async connectQmp(): Promise<QmpClient> {
    const { qmpSocket } = this.spec;
    const deadline = Date.now() + this.timings.qmpConnectMs;
    const appeared = await waitForPath(qmpSocket, {
      timeoutMs: this.timings.qmpConnectMs,
      until: this.qemu.exited,
    });
    for (;;) {
      if (!this.qemu.running) throw this.exitedError('before the VM started');
      const remaining = deadline - Date.now();
      try {
        if (appeared !== 'appeared') throw new Error(`${qmpSocket} did not appear`);
        return await QmpClient.connect(qmpSocket, {
          connectTimeoutMs: Math.max(1, Math.min(remaining, this.timings.qmpCommandMs)),
          commandTimeoutMs: this.timings.qmpCommandMs,
        });
      } catch (error) {
        // A monitor that closed at once is usually a QEMU that is exiting: its own words say why.
        if (await exitsSoon(this.qemu)) throw this.exitedError('before the VM started');
        const refused = (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
        if (!refused || Date.now() >= deadline) {
          throw new BuildError(
            'vm-failed',
            `Could not reach QEMU's monitor at ${qmpSocket}: ${(error as Error).message}`,
            { hint: 'QEMU started but its QMP socket never answered; see its output above.' },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, this.timings.socketRetryMs));
      }
    }
  }
}

/** True when the process has exited, or does within a second. */
async function exitsSoon(process: ManagedProcess): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const second = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
  const exited = await Promise.race([process.exited.then(() => true as const), second]);
  clearTimeout(timer);
  return exited;
}
