/**
 * Which phase of the install the VM is in, derived from what the host can see: the key that started Setup,
 * the disk filling up while Setup copies files, QMP RESET events (Setup reboots after WinPE and after
 * specialize), the first-logon script's COM1 lines and its ready line. No timers: a slow host only makes
 * each phase longer. Pure (fed signals, reports through callbacks), so recorded sequences test it.
 */
import { GUEST_PROGRESS_PREFIX, READY_SIGNAL } from '../unattend/guest-contract.js';
import { PHASE_ORDER, type PhaseName } from './timeline.js';

export type VmSignal =
  | { kind: 'key' }
  | { kind: 'disk'; bytes: number }
  | { kind: 'reboot'; reboots: number }
  | { kind: 'line'; text: string };

export interface GuestStepReport {
  step: string;
  status: 'started' | 'ok' | 'failed';
  error?: string;
}

export interface PhaseTrackerOptions {
  onPhase: (phase: PhaseName) => void;
  onGuestStep?: (report: GuestStepReport) => void;
}

/**
 * Growth of the disk's allocation on the first boot that means Setup is partitioning and copying: more than
 * a firmware or a boot loader ever writes, far less than formatting and the first files.
 */
export const SETUP_WRITES_BYTES = 4 * 1024 * 1024;

const STEP_LINE = /^step '(.+)' (started|ok|FAILED)(?:: (.*))?$/;

/** `step 'start sshd' FAILED: …` (after the progress prefix) → its step, status and error. */
export function parseGuestStep(message: string): GuestStepReport | undefined {
  const match = STEP_LINE.exec(message.trim());
  if (!match) return undefined;
  const status = match[2] === 'FAILED' ? 'failed' : (match[2] as 'started' | 'ok');
  return { step: match[1]!, status, ...(match[3] ? { error: match[3] } : {}) };
}

export class PhaseTracker {
  private phaseNow: PhaseName = 'boot';
  private firstDisk?: number;

  constructor(private readonly options: PhaseTrackerOptions) {}

  get phase(): PhaseName {
    return this.phaseNow;
  }

  feed(signal: VmSignal): void {
    switch (signal.kind) {
      case 'key':
        // The key at the installer's prompt starts Setup (UEFI); BIOS media boot into it without one.
        this.advance('setup-files');
        break;
      case 'disk':
        this.firstDisk ??= signal.bytes;
        if (this.phaseNow === 'boot' && signal.bytes - this.firstDisk >= SETUP_WRITES_BYTES)
          this.advance('setup-files');
        break;
      case 'reboot':
        // WinPE reboots into specialize, specialize into OOBE; any later reboot stays in OOBE.
        this.advance(signal.reboots >= 2 ? 'oobe' : 'setup-devices');
        break;
      case 'line':
        this.onLine(signal.text);
        break;
    }
  }

  private onLine(text: string): void {
    if (text.includes(READY_SIGNAL)) {
      this.advance('ssh');
      return;
    }
    const at = text.indexOf(GUEST_PROGRESS_PREFIX);
    if (at < 0) return;
    this.advance('first-logon');
    const report = parseGuestStep(text.slice(at + GUEST_PROGRESS_PREFIX.length));
    if (report) this.options.onGuestStep?.(report);
  }

  /** Phases only move forward: a late signal of an earlier phase changes nothing. */
  private advance(phase: PhaseName): void {
    if (PHASE_ORDER.indexOf(phase) <= PHASE_ORDER.indexOf(this.phaseNow)) return;
    this.phaseNow = phase;
    this.options.onPhase(phase);
  }
}
