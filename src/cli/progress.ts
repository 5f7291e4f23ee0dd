/**
 * `--progress json`: the build's events as NDJSON on stderr, one object per line, for wrappers and
 * dashboards (schemas/progress-event.schema.json). With it, stderr carries nothing else: the text log is off
 * and a failure is the last line's `result` event.
 */
import type { BuildEvent, BuildEventBody } from '../bake/events.js';
import { BuildError } from '../errors.js';

export type ProgressMode = 'text' | 'json';

/** The --progress value; anything but text or json is a usage error. */
export function progressMode(value: string | boolean | undefined): ProgressMode {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new BuildError('usage', `--progress takes text or json, not "${String(value)}"`, {
    hint: '--progress json writes one JSON event per line to stderr.',
  });
}

/** Writes each event as one line; remembers whether the build's result went out already. */
export class NdjsonProgress {
  resultWritten = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly startedAt = Date.now(),
  ) {}

  readonly onEvent = (event: BuildEvent): void => {
    if (event.type === 'result') this.resultWritten = true;
    this.write(JSON.stringify(event) + '\n');
  };

  /** A failure before the build could report one (a usage error, an unreadable password file). */
  failure(error: BuildError): void {
    if (this.resultWritten) return;
    const now = Date.now();
    const body: BuildEventBody = {
      type: 'result',
      ok: false,
      durationMs: now - this.startedAt,
      error: error.toJSON(),
    };
    this.onEvent({ time: new Date(now).toISOString(), elapsedMs: now - this.startedAt, ...body });
  }
}
