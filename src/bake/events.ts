/**
 * The build's live events, for wrappers and dashboards: the CLI's `--progress json` writes them as NDJSON,
 * the library passes them to `onEvent`. Every event has its type, the wall-clock time and the time since the
 * build started; schemas/progress-event.schema.json describes them. The password never reaches a listener.
 */
import { redact } from '../log.js';
import type { PhaseName } from './timeline.js';

export interface EventBase {
  /** ISO 8601, UTC. */
  time: string;
  /** Milliseconds since the build started. */
  elapsedMs: number;
}

export type BuildEventBody =
  | { type: 'phase-start'; phase: PhaseName; title: string }
  | { type: 'phase-end'; phase: PhaseName; title: string; durationMs: number }
  | { type: 'reboot'; reboots: number }
  | { type: 'screenshot'; file: string; reason: string }
  | { type: 'guest-step'; step: string; status: 'started' | 'ok' | 'failed'; error?: string }
  | {
      type: 'heartbeat';
      phase: string;
      reboots: number;
      diskBytes?: number;
      diskBytesPerSecond?: number;
      remainingMs?: number;
      line: string;
    }
  | { type: 'warning'; message: string }
  | {
      type: 'result';
      ok: true;
      dryRun: boolean;
      durationMs: number;
      image?: { path: string; sizeBytes: number; sha256: string };
    }
  | {
      type: 'result';
      ok: false;
      durationMs: number;
      error: { code: string; message: string; hint?: string; exitCode: number };
    };

export type BuildEvent = EventBase & BuildEventBody;
export type BuildEventListener = (event: BuildEvent) => void;

/** The events of one build: listeners see each event once, in order, with the secrets replaced by ***. */
export class BuildEvents {
  private readonly listeners = new Set<BuildEventListener>();

  constructor(
    private readonly startedAt: number,
    private readonly secrets: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a listener; returns the function that removes it. */
  on(listener: BuildEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(body: BuildEventBody): void {
    const at = this.now();
    const event = redactStrings(
      { time: new Date(at).toISOString(), elapsedMs: at - this.startedAt, ...body },
      this.secrets,
    );
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A dashboard's bug must not fail a 20-minute bake; the listener's own code can report it.
      }
    }
  }
}

/**
 * Every string in `value`, however deep, with the secrets replaced (in JSON text they could be escaped);
 * undefined fields left out, so that an event is the same object before and after JSON.
 */
function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, redactStrings(item, secrets)]),
    ) as T;
  }
  return value;
}
