/**
 * The build's phases as they happened: each with its start and end, plus the guest's reboots and the steps
 * of its first-logon script. The builder keeps one per build (context.timeline); the action continues it
 * with its download and upload phases. Changes are reported as events when a BuildEvents is connected.
 */
import type { BuildEvents } from './events.js';

/** Every phase, in the order a bake goes through them, with the words the logs use. */
export const PHASES = {
  preflight: 'preflight',
  media: 'getting the installation media',
  'answer-medium': 'making the answer medium and the disk',
  boot: 'firmware and boot prompt',
  'setup-files': 'Windows Setup copying files (WinPE)',
  'setup-devices': 'Windows Setup after its first reboot (specialize, devices)',
  oobe: 'OOBE',
  'first-logon': 'first logon',
  ssh: 'confirming readiness over SSH',
  base: 'keeping the installed system as the base',
  updates: 'installing Windows updates',
  provisioning: 'running the provisioning scripts',
  trim: 'trimming free space',
  shutdown: 'shutting down',
  compaction: 'compacting the image',
  upload: 'uploading the image',
} as const;
export type PhaseName = keyof typeof PHASES;
export const PHASE_ORDER = Object.keys(PHASES) as PhaseName[];

export interface PhaseRecord {
  name: PhaseName;
  title: string;
  startedAt: number;
  endedAt?: number;
}

export interface GuestStepRecord {
  name: string;
  status: 'running' | 'ok' | 'failed';
  startedAt: number;
  endedAt?: number;
  error?: string;
}

export interface TimelineJson {
  phases: { name: PhaseName; title: string; startedAt: string; endedAt?: string; durationMs: number }[];
  reboots: { count: number; at: string }[];
  guestSteps: {
    name: string;
    status: GuestStepRecord['status'];
    startedAt: string;
    durationMs: number;
    error?: string;
  }[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class Timeline {
  private readonly phaseList: PhaseRecord[] = [];
  private readonly rebootList: { count: number; at: number }[] = [];
  private readonly stepList: GuestStepRecord[] = [];
  private events?: BuildEvents;
  private readonly listeners = new Set<(phase: PhaseRecord) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Reports every later change to `events` (the builder connects its build's events). */
  connect(events: BuildEvents | undefined): void {
    this.events = events;
  }

  /** Calls `listener` with each phase that starts; returns the function that removes it. */
  onPhase(listener: (phase: PhaseRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get current(): PhaseRecord | undefined {
    const last = this.phaseList.at(-1);
    return last && last.endedAt === undefined ? last : undefined;
  }

  get phases(): readonly PhaseRecord[] {
    return this.phaseList;
  }

  /** Ends the current phase and starts `name`; nothing when `name` is the current phase already. */
  start(name: PhaseName, at = this.now()): void {
    if (this.current?.name === name) return;
    this.end(at);
    const phase: PhaseRecord = { name, title: PHASES[name], startedAt: at };
    this.phaseList.push(phase);
    this.events?.emit({ type: 'phase-start', phase: name, title: phase.title });
    for (const listener of this.listeners) listener(phase);
  }

  /**
   * Starts `name` only when it comes after the current phase in PHASE_ORDER (the guest's signals can arrive
   * late: a ready line seen after the build went on to trim must not take the timeline back). Whether it did.
   */
  advance(name: PhaseName, at = this.now()): boolean {
    const current = this.current;
    if (current && PHASE_ORDER.indexOf(name) <= PHASE_ORDER.indexOf(current.name)) return false;
    this.start(name, at);
    return true;
  }

  /** Ends the current phase, if any (at the end of the build, or of the action's upload). */
  end(at = this.now()): void {
    const phase = this.current;
    if (!phase) return;
    phase.endedAt = at;
    this.events?.emit({
      type: 'phase-end',
      phase: phase.name,
      title: phase.title,
      durationMs: at - phase.startedAt,
    });
  }

  reboot(count: number, at = this.now()): void {
    this.rebootList.push({ count, at });
    this.events?.emit({ type: 'reboot', reboots: count });
  }

  get reboots(): number {
    return this.rebootList.at(-1)?.count ?? 0;
  }

  /** A first-logon step started, finished or failed (as the guest reported it on COM1). */
  guestStep(name: string, status: 'started' | 'ok' | 'failed', error?: string, at = this.now()): void {
    if (status === 'started') {
      this.stepList.push({ name, status: 'running', startedAt: at });
    } else {
      const open = this.stepList.findLast((step) => step.name === name && step.status === 'running');
      const step = open ?? { name, status, startedAt: at };
      if (!open) this.stepList.push(step);
      step.status = status;
      step.endedAt = at;
      if (error) step.error = error;
    }
    this.events?.emit({ type: 'guest-step', step: name, status, ...(error ? { error } : {}) });
  }

  /** Total time spent in each phase (a phase can only run once, but the sum keeps it honest). */
  durations(at = this.now()): Partial<Record<PhaseName, number>> {
    const totals: Partial<Record<PhaseName, number>> = {};
    for (const phase of this.phaseList) {
      totals[phase.name] = (totals[phase.name] ?? 0) + (phase.endedAt ?? at) - phase.startedAt;
    }
    return totals;
  }

  toJSON(): TimelineJson {
    const at = this.now();
    return {
      phases: this.phaseList.map((phase) => ({
        name: phase.name,
        title: phase.title,
        startedAt: iso(phase.startedAt),
        ...(phase.endedAt === undefined ? {} : { endedAt: iso(phase.endedAt) }),
        durationMs: (phase.endedAt ?? at) - phase.startedAt,
      })),
      reboots: this.rebootList.map((reboot) => ({ count: reboot.count, at: iso(reboot.at) })),
      guestSteps: this.stepList.map((step) => ({
        name: step.name,
        status: step.status,
        startedAt: iso(step.startedAt),
        durationMs: (step.endedAt ?? at) - step.startedAt,
        ...(step.error ? { error: step.error } : {}),
      })),
    };
  }
}
