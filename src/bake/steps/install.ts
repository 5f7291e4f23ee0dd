/**
 * Boots QEMU with the installer, answers the boot prompt once, lets Setup reboot as often as it needs,
 * notices readiness (the guest's COM1 line, confirmed over SSH; an SSH poll as a fallback), then shuts the
 * guest down cleanly. Everything waits on events — process exit, QMP events, serial lines — never on fixed
 * sleeps; every wait has a bound and says what it waited for.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import { formatBytes, formatDuration } from '../../log.js';
import { powershellCommand, runCommand, SshError, type SshTarget } from '../../guest/ssh.js';
import { PROGRAMS, requireProgram } from '../../tools/exec.js';
import { ManagedProcess } from '../../tools/process.js';
import { QmpClient } from '../../tools/qmp.js';
import { formatCommand, qemuArgs } from '../../tools/qemu.js';
import {
  FIRST_LOGON_LOG_PATH,
  GUEST_PROGRESS_PREFIX,
  READY_MARKER_PATH,
  READY_SIGNAL,
} from '../../unattend/guest-contract.js';
import { SerialLog } from '../../vm/serial-log.js';
import type { BuildContext, Step } from '../context.js';

/** Windows' EFI loader prompt, and the stand-in's (which also prints it on the serial console). */
export const BOOT_PROMPT = /Press any key to boot from (CD|DVD|CD or DVD)/i;
/** Debian's OVMF logs this on the serial port right before it runs the CD's boot loader. */
export const FIRMWARE_CD_BOOT = /BdsDxe: starting Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM/;
/** OVMF's line when Secure Boot refuses the DVD's loader (its signer is not in db, or it is revoked in dbx). */
export const FIRMWARE_REFUSED_CD =
  /BdsDxe: failed to load Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM[^"]*".*: (Access Denied|Security Violation)/;

/** RESET events closer together than this belong to one reboot. */
const REBOOT_DEBOUNCE_MS = 2000;

export type KeyPolicy =
  /** Answer the prompt of the first boot only (the right thing: a later key restarts Setup). */
  | 'first-boot'
  /** Answer every prompt: the seed's mistake, kept so a test can show what it breaks. */
  | 'every-prompt'
  /** Never press a key: likewise. */
  | 'never';

export interface InstallTuning {
  keyPolicy: KeyPolicy;
  /** Appended to QEMU's command line (tests inject e.g. -no-reboot to show what it breaks). */
  extraQemuArgs: readonly string[];
  /** How often SSH is tried while no ready line has come over the serial port. */
  sshPollMs: number;
  /** How often a line about progress is logged. */
  heartbeatMs: number;
}

export const DEFAULT_TUNING: InstallTuning = {
  keyPolicy: 'first-boot',
  extraQemuArgs: [],
  sshPollMs: 20_000,
  heartbeatMs: 60_000,
};

interface Running {
  qemu?: ManagedProcess;
  swtpm?: ManagedProcess;
  qmp?: QmpClient;
  serial?: SerialLog;
  timers: NodeJS.Timeout[];
}

const running = new WeakMap<BuildContext, Running>();

export function installStep(tuning: Partial<InstallTuning> = {}): Step {
  const settings = { ...DEFAULT_TUNING, ...tuning };
  return {
    title: 'Installing Windows',
    run: (context) => new Installation(context, settings).run(),
    async cleanup(context) {
      const state = running.get(context);
      if (!state) return;
      for (const timer of state.timers) clearInterval(timer);
      state.qmp?.close();
      await state.qemu?.stop();
      await state.swtpm?.stop();
      state.serial?.close();
      running.delete(context);
    },
  };
}

export const install = installStep();

/** Resolves or rejects once; later calls are ignored. */
class Outcome<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.promise.catch(() => undefined);
  }
}

class Installation {
  private readonly state: Running = { timers: [] };
  private phase = 'starting QEMU';
  private reboots = 0;
  private keysSent = 0;
  private promptAnswered = false;
  private bootLineSeen = false;
  private readySignalAt?: number;
  private readonly ssh: SshTarget;

  constructor(
    private readonly context: BuildContext,
    private readonly tuning: InstallTuning,
  ) {
    running.set(context, this.state);
    const { options, vm } = context;
    this.ssh = {
      host: '127.0.0.1',
      port: vm!.sshHostPort,
      username: options.username,
      password: options.password,
    };
  }

  private get logger() {
    return this.context.logger;
  }

  private elapsed(): string {
    return formatDuration(Date.now() - this.context.startedAt);
  }

  async run(): Promise<void> {
    const { context } = this;
    const vm = context.vm!;
    if (vm.tpmSocket) await this.startTpm(vm.tpmSocket);

    this.state.serial = new SerialLog(vm.serialLog);
    const argv = [...qemuArgs(vm), ...this.tuning.extraQemuArgs];
    const executable = requireProgram(PROGRAMS.qemuSystem);
    this.logger.debug(`QEMU: ${formatCommand([executable, ...argv])}`);
    const qemu = new ManagedProcess(executable, argv);
    this.state.qemu = qemu;
    this.logger.info(
      `QEMU started (pid ${qemu.pid}, ${vm.accel}, ${vm.cpus} vCPU, ${vm.memoryMiB} MiB); SSH forward 127.0.0.1:${vm.sshHostPort}; serial log ${vm.serialLog}`,
    );
    this.state.qmp = await this.connectQmp(vm.qmpSocket, qemu);
    this.watchQmpEvents(this.state.qmp);
    this.watchBootPrompt(this.state.serial, this.state.qmp);
    this.startHeartbeat();

    const readyAt = await this.waitUntilReady(qemu);
    this.logger.info(`Guest ready after ${this.elapsed()} (${this.reboots} reboots)`);
    await this.shutDown(qemu, readyAt);
  }

  // --- TPM -------------------------------------------------------------------------------------------------

  private async startTpm(socket: string): Promise<void> {
    const stateDir = path.join(this.context.workDir!, 'tpm');
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const swtpm = new ManagedProcess(requireProgram(PROGRAMS.swtpm), [
      'socket',
      '--tpm2',
      '--tpmstate',
      `dir=${stateDir}`,
      '--ctrl',
      `type=unixio,path=${socket}`,
      '--flags',
      'startup-clear',
      '--terminate',
    ]);
    this.state.swtpm = swtpm;
    const deadline = Date.now() + 10_000;
    while (!exists(socket)) {
      if (!swtpm.running || Date.now() > deadline) {
        throw new BuildError(
          'vm-failed',
          `swtpm did not start its socket ${socket}: ${swtpm.describeExit()}`,
          {
            hint: `swtpm said: ${swtpm.stderrTail() || '(nothing)'}. Check that swtpm can write to ${stateDir} (AppArmor/SELinux profiles often forbid other directories).`,
          },
        );
      }
      await delay(20);
    }
    this.logger.info('TPM 2.0 emulator (swtpm) started');
  }

  // --- QMP and events ----------------------------------------------------------------------------------------

  /** QEMU creates its QMP socket within milliseconds of starting; keep trying until it does or exits. */
  private async connectQmp(socket: string, qemu: ManagedProcess): Promise<QmpClient> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!qemu.running) throw this.qemuExitedError(qemu, 'before the VM started');
      try {
        return await QmpClient.connect(socket);
      } catch (error) {
        if (Date.now() > deadline) {
          throw new BuildError(
            'vm-failed',
            `Could not reach QEMU's monitor at ${socket}: ${(error as Error).message}`,
            {
              hint: 'QEMU started but its QMP socket never answered; see its output above.',
            },
          );
        }
        await delay(25);
      }
    }
  }

  private watchQmpEvents(qmp: QmpClient): void {
    let lastReset = 0;
    qmp.on('event', (event) => {
      if (event.event === 'RESET') {
        // One guest reboot can raise several RESETs in a row (the kernel tries reset methods in turn, the
        // firmware resets again): count a reboot once.
        const now = Date.now();
        const sameReboot = now - lastReset < REBOOT_DEBOUNCE_MS;
        lastReset = now;
        if (sameReboot) return;
        this.reboots++;
        this.phase = `Windows Setup (${this.reboots} reboot${this.reboots === 1 ? '' : 's'} so far)`;
        this.logger.info(`Guest rebooted (${this.reboots}) at ${this.elapsed()}`);
      } else if (event.event === 'SHUTDOWN') {
        this.logger.debug(`Guest powered off (${JSON.stringify(event.data ?? {})})`);
      }
    });
  }

  /**
   * The installer's "Press any key to boot from CD or DVD" gets exactly one answer, on the first boot only:
   * a key at a later prompt would restart Setup and wipe the disk (WINDOWS-SETUP.md). Windows' EFI loader
   * prints its prompt on the screen, not the serial port, so under UEFI the firmware's serial line
   * "BdsDxe: starting Boot… UEFI QEMU DVD-ROM" says the loader is starting; the prompt then waits ~5 s.
   * On BIOS, Windows media boot a blank disk without any prompt, so nothing is pressed unless a prompt shows.
   */
  private watchBootPrompt(serial: SerialLog, qmp: QmpClient): void {
    const policy = this.tuning.keyPolicy;
    if (policy === 'never') return;
    const uefi = this.context.vm!.firmware.type === 'uefi';
    const onFirstBoot = (): boolean => policy === 'every-prompt' || this.reboots === 0;
    let bootLineTimer: NodeJS.Timeout | undefined;
    /** The boots (by reboot count) whose prompt was answered: one key per boot at most. */
    const answeredBoots = new Set<number>();

    const press = (why: string): void => {
      if (answeredBoots.has(this.reboots)) return;
      answeredBoots.add(this.reboots);
      this.promptAnswered = true;
      this.keysSent++;
      this.logger.info(`Answering the boot prompt (${why})`);
      qmp
        .sendKey('ret')
        .catch((error: Error) => this.logger.warn(`Could not send the key: ${error.message}`));
    };

    const onText = (text: string): void => {
      if (!onFirstBoot()) return;
      if (BOOT_PROMPT.test(text)) {
        clearTimeout(bootLineTimer);
        press('prompt on the serial console');
      } else if (uefi && FIRMWARE_CD_BOOT.test(text) && !answeredBoots.has(this.reboots)) {
        this.bootLineSeen = true;
        // Give a prompt that is mirrored on the serial console (as the stand-in's is) a moment to show, then
        // press: a key pressed while the loader starts is buffered by the firmware and read by the prompt.
        const wait = this.context.vm!.accel === 'kvm' ? 1500 : 8000;
        clearTimeout(bootLineTimer);
        bootLineTimer = setTimeout(() => {
          if (onFirstBoot()) press('firmware started the DVD boot loader');
        }, wait);
        this.state.timers.push(bootLineTimer);
      }
    };
    serial.on('line', onText);
    serial.on('partial', onText);

    // Bounded fallback for firmware that logs nothing on the serial port: a few blind presses, first boot only.
    if (uefi && policy === 'first-boot') {
      const after = this.context.vm!.accel === 'kvm' ? 20_000 : 120_000;
      const fallback = setTimeout(() => {
        if (this.bootLineSeen || this.promptAnswered || this.reboots > 0) return;
        this.logger.warn(
          'The firmware printed no boot line on the serial port; pressing a key blindly (first boot only).',
        );
        let presses = 0;
        const blind = setInterval(() => {
          if (this.reboots > 0 || this.bootLineSeen || ++presses > 10) {
            clearInterval(blind);
            return;
          }
          this.keysSent++;
          qmp.sendKey('ret').catch(() => undefined);
        }, 1000);
        this.state.timers.push(blind);
      }, after);
      this.state.timers.push(fallback);
    }
  }

  private startHeartbeat(): void {
    const timer = setInterval(() => {
      let allocated = '';
      try {
        allocated = `, disk ${formatBytes(statSync(this.context.vm!.disk.path).blocks * 512)} allocated`;
      } catch {
        allocated = '';
      }
      this.logger.info(`… ${this.phase}: ${this.elapsed()} elapsed, ${this.reboots} reboots${allocated}`);
    }, this.tuning.heartbeatMs);
    timer.unref();
    this.state.timers.push(timer);
  }

  // --- Readiness ---------------------------------------------------------------------------------------------

  /**
   * Ready = the marker exists, checked over SSH as the answer file's account. The guest's COM1 line makes the
   * check happen at once; an SSH poll covers guests whose serial port is missing. Fails at once when QEMU
   * exits, when the password is refused, or at the build deadline.
   */
  private async waitUntilReady(qemu: ManagedProcess): Promise<number> {
    const { context } = this;
    const outcome = new Outcome<number>();
    const deadlineMs = context.startedAt + context.options.buildTimeoutSeconds * 1000;
    let polling = false;
    let confirming = false;
    let confirmAfterSignal = false;

    /** One SSH check. The ready signal starts its own at once, never queued behind a slow poll. */
    const check = async (reason: 'ready signal' | 'SSH poll'): Promise<void> => {
      const afterSignal = reason === 'ready signal';
      if (afterSignal ? confirming : polling) return;
      if (afterSignal) confirming = true;
      else polling = true;
      try {
        if (await this.markerPresent()) {
          this.logger.info(`Confirmed over SSH as ${this.ssh.username} (${reason})`);
          outcome.resolve(Date.now());
        } else if (afterSignal) {
          outcome.reject(
            new BuildError('vm-failed', `The guest signalled ready, but ${READY_MARKER_PATH} is not there`, {
              hint: `The first-logon script did not finish; see ${FIRST_LOGON_LOG_PATH} in the guest.`,
            }),
          );
        }
      } catch (error) {
        if (error instanceof SshError && error.kind === 'auth') {
          outcome.reject(
            new BuildError('ssh-auth', `SSH login failed: ${error.message}`, {
              hint: 'The guest does not accept the account from the answer file: check --username/--password (and that Setup applied them).',
            }),
          );
        } else if (afterSignal) {
          confirmAfterSignal = true; // sshd may still be starting: retry in a second
          this.logger.debug(`SSH not up yet after the ready signal: ${(error as Error).message}`);
        }
      } finally {
        if (afterSignal) confirming = false;
        else polling = false;
      }
    };

    const serial = this.state.serial!;
    const firmware = this.context.vm!.firmware;
    const secureBoot = firmware.type === 'uefi' && firmware.secureBoot;
    serial.on('line', (line) => {
      // Nothing else would boot: say so now rather than at the build timeout.
      if (secureBoot && this.reboots === 0 && FIRMWARE_REFUSED_CD.test(line)) {
        outcome.reject(
          new BuildError('boot-refused', `Secure Boot refused the installer's boot loader: ${line.trim()}`, {
            hint: "The firmware's keys do not trust the ISO's loader (for example media signed only with Microsoft's 2023 CA, on firmware with the 2011 CAs). Use --firmware uefi, or OVMF variables whose db trusts that signer.",
          }),
        );
      }
      // The first-logon script reports each of its steps on COM1.
      const progress = line.indexOf(GUEST_PROGRESS_PREFIX);
      if (progress >= 0) this.logger.info(`guest: ${line.slice(progress + GUEST_PROGRESS_PREFIX.length)}`);
      if (line.endsWith(READY_SIGNAL) && !this.readySignalAt) {
        this.readySignalAt = Date.now();
        this.phase = 'confirming readiness over SSH';
        this.logger.info(`Guest signalled ready on the serial port at ${this.elapsed()}`);
        void check('ready signal');
      }
    });

    const poll = setInterval(() => {
      if (!this.readySignalAt) void check('SSH poll');
    }, this.tuning.sshPollMs);
    const quickRetry = setInterval(() => {
      if (confirmAfterSignal) void check('ready signal');
    }, 1000);
    const deadline = setTimeout(
      () =>
        outcome.reject(
          new BuildError(
            'timeout',
            `The build timed out after ${context.options.buildTimeoutSeconds} s while ${this.phase} (${this.reboots} reboots seen${this.keysSent ? '' : ', no key pressed at the boot prompt'}).\n${this.serialTail()}`,
            {
              hint: 'Raise --build-timeout if the host is slow; otherwise look at the serial log and a screenshot of the VM (--keep-work-dir keeps the work dir).',
            },
          ),
        ),
      Math.max(0, deadlineMs - Date.now()),
    );
    this.state.timers.push(poll, quickRetry, deadline);

    const abort = (): void => outcome.reject(new BuildError('cancelled', 'The build was cancelled'));
    context.signal.addEventListener('abort', abort, { once: true });
    void qemu.exited.then(() => outcome.reject(this.qemuExitedError(qemu, 'before the guest was ready')));
    try {
      return await outcome.promise;
    } finally {
      context.signal.removeEventListener('abort', abort);
      clearInterval(poll);
      clearInterval(quickRetry);
      clearTimeout(deadline);
    }
  }

  private async markerPresent(): Promise<boolean> {
    const result = await runCommand(
      this.ssh,
      powershellCommand(`Test-Path -LiteralPath '${READY_MARKER_PATH}'`),
      15_000,
    );
    return result.code === 0 && result.stdout.trim() === 'True';
  }

  // --- Shutdown ----------------------------------------------------------------------------------------------

  /**
   * Trim the free space (so compaction drops it), then ask the guest to power off; a dropped SSH session is
   * success. Then wait for QEMU to exit; if it does not, ACPI power button, then quit, then kill.
   */
  private async shutDown(qemu: ManagedProcess, readyAt: number): Promise<void> {
    this.phase = 'shutting down';
    const tcg = this.context.vm!.accel === 'tcg';
    try {
      await runCommand(
        this.ssh,
        powershellCommand('Optimize-Volume -DriveLetter C -ReTrim'),
        tcg ? 600_000 : 300_000,
      );
    } catch (error) {
      this.logger.warn(`ReTrim of C: failed (the image will be larger): ${(error as Error).message}`);
    }
    const asked = Date.now();
    try {
      await runCommand(this.ssh, 'shutdown /s /t 0 /f', 30_000);
    } catch (error) {
      if (error instanceof SshError && error.kind === 'auth') throw error;
      // The session dropping as the guest goes down is the expected outcome.
    }
    this.logger.info('Asked the guest to shut down');
    const bound = tcg ? 300_000 : 180_000;
    if (!(await qemu.waitForExit(bound))) {
      this.logger.warn(
        `The guest did not power off within ${bound / 1000} s: pressing the ACPI power button`,
      );
      await this.state.qmp?.execute('system_powerdown').catch(() => undefined);
      if (!(await qemu.waitForExit(60_000))) {
        this.logger.warn('Still running: asking QEMU to quit');
        await this.state.qmp?.execute('quit').catch(() => undefined);
        if (!(await qemu.waitForExit(10_000))) {
          this.logger.warn('Still running: killing QEMU');
          await qemu.stop(0);
        }
      }
    }
    this.logger.info(
      `Guest powered off ${formatDuration(Date.now() - asked)} after the shutdown request (${formatDuration(Date.now() - readyAt)} after ready)`,
    );
    this.state.qmp?.close();
    await this.state.swtpm?.stop();
  }

  // --- Errors ------------------------------------------------------------------------------------------------

  private serialTail(): string {
    const tail = this.state.serial?.tail(15) ?? [];
    return tail.length
      ? `Last lines of the serial console:\n  ${tail.join('\n  ')}`
      : 'The serial console stayed silent.';
  }

  private qemuExitedError(qemu: ManagedProcess, when: string): BuildError {
    const stderr = qemu.stderrTail();
    return new BuildError(
      'guest-exited',
      `QEMU stopped ${when}: ${qemu.describeExit()}${this.reboots ? ` after ${this.reboots} reboots` : ''} (${this.elapsed()}).\n${this.serialTail()}${stderr ? `\nQEMU said:\n  ${stderr.split('\n').join('\n  ')}` : ''}`,
      {
        hint: 'A guest that powers off during Setup usually hit an error screen; look at the serial log, or rerun with --keep-work-dir to keep it.',
      },
    );
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
