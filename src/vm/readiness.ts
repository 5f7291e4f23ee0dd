/**
 * When is the guest ready? The first-logon script's COM1 line says so, and an SSH login that finds the
 * marker confirms it; an SSH poll covers guests whose serial line never arrives. It fails as soon as the
 * outcome is certain: the password refused, a failed first-logon step (with the script's log when SSH
 * answers), a ready line whose marker is missing, SSH unreachable for too long after the ready line, or
 * Secure Boot refusing the installer. The deadline, cancellation and QEMU exiting are the caller's.
 * Pure apart from the two SSH calls it is given; timers are its only clock.
 */
import { BuildError } from '../errors.js';
import { sshAuthError, SshError } from '../guest/ssh.js';
import {
  FIRST_LOGON_LOG_PATH,
  parseGuestFailure,
  READY_MARKER_PATH,
  READY_SIGNAL,
  type GuestFailure,
} from '../unattend/guest-contract.js';
import { TimerSet } from './timers.js';

/** OVMF's line when Secure Boot refuses the DVD's loader (its signer is not in db, or it is revoked in dbx). */
export const FIRMWARE_REFUSED_CD =
  /BdsDxe: failed to load Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM[^"]*".*: (Access Denied|Security Violation)/;

export interface ReadinessTimings {
  sshPollMs: number;
  sshRetryAfterReadyMs: number;
  sshUnreachableAfterReadyMs: number;
}

export interface ReadinessOptions {
  timings: ReadinessTimings;
  /** Logs in over SSH and tells whether the ready marker exists; throws SshError when it cannot. */
  markerPresent: () => Promise<boolean>;
  /** The first-logon script's log over SSH; throws when it cannot. */
  fetchGuestLog: () => Promise<string>;
  /** Secure Boot is on and the guest has not rebooted yet: a refused loader means nothing will boot. */
  installerMustBoot: () => boolean;
  info: (message: string) => void;
  debug: (message: string) => void;
  /** The account, for messages. */
  username: string;
}

/** Lines of the guest log a failure message shows. */
const LOG_TAIL_LINES = 20;

export class ReadinessWatcher {
  /** Resolves with the time (ms since the epoch) readiness was confirmed. */
  readonly result: Promise<number>;
  private settle!: { resolve: (at: number) => void; reject: (error: unknown) => void };
  private settled = false;
  private readyLineAt?: number;
  private lastSshError = '';
  private polling = false;
  private confirming = false;
  /** A failed guest step was seen; its log is being fetched. */
  private failing = false;
  private readonly timers = new TimerSet();

  constructor(private readonly options: ReadinessOptions) {
    this.result = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }));
    this.result.catch(() => undefined);
    this.timers.every(options.timings.sshPollMs, () => void this.poll());
  }

  /** Whether the guest's ready line has been seen. */
  get readyLineSeen(): boolean {
    return this.readyLineAt !== undefined;
  }

  /** A complete line of the serial console. */
  onLine(line: string): void {
    if (this.settled || this.failing) return;
    if (this.options.installerMustBoot() && FIRMWARE_REFUSED_CD.test(line)) {
      this.fail(
        new BuildError('boot-refused', `Secure Boot refused the installer's boot loader: ${line.trim()}`, {
          hint: "The firmware's keys do not trust the ISO's loader (for example media signed only with Microsoft's 2023 CA, on firmware with the 2011 CAs). Use --firmware uefi, or OVMF variables whose db trusts that signer.",
        }),
      );
      return;
    }
    const failure = parseGuestFailure(line);
    if (failure) {
      void this.failGuestStep(failure);
      return;
    }
    if (line.endsWith(READY_SIGNAL) && this.readyLineAt === undefined) {
      this.readyLineAt = Date.now();
      this.options.info('Guest signalled ready on the serial port');
      this.timers.after(this.options.timings.sshUnreachableAfterReadyMs, () => this.sshNeverAnswered());
      void this.confirm();
    }
  }

  /** Ends the wait from outside (deadline, cancellation, QEMU exit): rejects with `error` unless settled. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.stop();
    this.settle.reject(error);
  }

  /** A failure the watcher found itself; a failed guest step being reported takes precedence. */
  private failInside(error: BuildError): void {
    if (!this.failing) this.fail(error);
  }

  stop(): void {
    this.timers.clear();
  }

  private succeed(how: string): void {
    if (this.settled || this.failing) return;
    this.options.info(`Confirmed over SSH as ${this.options.username} (${how})`);
    this.settled = true;
    this.stop();
    this.settle.resolve(Date.now());
  }

  /** Without a ready line: an SSH poll now and then (one at a time). */
  private async poll(): Promise<void> {
    if (this.settled || this.readyLineAt !== undefined || this.polling) return;
    this.polling = true;
    try {
      if (await this.options.markerPresent()) this.succeed('SSH poll');
    } catch (error) {
      this.onSshError(error);
    } finally {
      this.polling = false;
    }
  }

  /** After the ready line: check at once, never queued behind a poll; retry while sshd is still starting. */
  private async confirm(): Promise<void> {
    if (this.settled || this.confirming) return;
    this.confirming = true;
    try {
      if (await this.options.markerPresent()) {
        this.succeed('ready signal');
      } else {
        this.failInside(
          new BuildError('vm-failed', `The guest signalled ready, but ${READY_MARKER_PATH} is not there`, {
            hint: `The first-logon script did not finish; see ${FIRST_LOGON_LOG_PATH} in the guest.`,
          }),
        );
      }
    } catch (error) {
      this.onSshError(error);
      if (!this.settled) {
        this.options.debug(`SSH not up yet after the ready signal: ${(error as Error).message}`);
        this.timers.after(this.options.timings.sshRetryAfterReadyMs, () => void this.confirm());
      }
    } finally {
      this.confirming = false;
    }
  }

  private onSshError(error: unknown): void {
    if (error instanceof SshError && error.kind === 'auth') {
      this.failInside(sshAuthError(error));
      return;
    }
    this.lastSshError = (error as Error).message;
  }

  private sshNeverAnswered(): void {
    const seconds = Math.round(this.options.timings.sshUnreachableAfterReadyMs / 1000);
    this.failInside(
      new BuildError(
        'ssh-unreachable',
        `The guest signalled ready, but SSH did not answer within ${seconds} s${this.lastSshError ? ` (last attempt: ${this.lastSshError})` : ''}`,
        {
          hint: `sshd is not running or port 22 is blocked in the guest. See ${FIRST_LOGON_LOG_PATH} there (--keep-work-dir keeps the disk), and check that the OpenSSH install works offline (--openssh-msi).`,
        },
      ),
    );
  }

  private async failGuestStep(failure: GuestFailure): Promise<void> {
    if (this.settled) return;
    this.failing = true;
    this.options.info(`The guest's first-logon step "${failure.step}" failed: ${failure.error}`);
    // Stop everything else now; fetching the log may take a while.
    this.stop();
    let log: string;
    try {
      const text = await this.options.fetchGuestLog();
      const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
      log = `Last lines of ${FIRST_LOGON_LOG_PATH}:\n  ${lines.slice(-LOG_TAIL_LINES).join('\n  ')}`;
    } catch (error) {
      log = `${FIRST_LOGON_LOG_PATH} could not be fetched over SSH: ${(error as Error).message}`;
    }
    this.fail(
      new BuildError(
        'guest-step-failed',
        `The guest's first-logon script failed at "${failure.step}": ${failure.error}\n${log}`,
        {
          hint: "The guest stopped configuring itself at this step. The message is Windows' own; a failed OpenSSH step usually means no offline installer (--openssh-msi) and no Windows Update.",
        },
      ),
    );
  }
}
