/** Checks a build's progress events: each one against schemas/progress-event.schema.json, and their order. */
import { expect } from '@jest/globals';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SCHEMA = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '..', '..', 'schemas', 'progress-event.schema.json'),
    'utf8',
  ),
) as object;
const validate = new Ajv({ allErrors: true }).compile(SCHEMA);

/** The schema's verdict on one event: undefined when valid, else ajv's errors as text. */
export function schemaErrors(event: unknown): string | undefined {
  if (validate(event)) return undefined;
  return JSON.stringify(validate.errors);
}

interface Event {
  type: string;
  phase?: string;
  elapsedMs: number;
}

/**
 * Every event valid; one phase at a time, each phase-end closing the phase-start before it; time never runs
 * backwards; exactly one result, last.
 */
export function expectWellFormed(events: readonly unknown[]): void {
  for (const event of events)
    expect({ event, errors: schemaErrors(event) }).toEqual({ event, errors: undefined });
  const typed = events as Event[];
  let open: string | undefined;
  let elapsed = 0;
  typed.forEach((event, index) => {
    expect(event.elapsedMs).toBeGreaterThanOrEqual(elapsed);
    elapsed = event.elapsedMs;
    if (event.type === 'phase-start') {
      expect({ index, open }).toEqual({ index, open: undefined });
      open = event.phase;
    } else if (event.type === 'phase-end') {
      expect({ index, ended: event.phase }).toEqual({ index, ended: open });
      open = undefined;
    }
  });
  expect(open).toBeUndefined();
  expect(typed.filter((event) => event.type === 'result')).toHaveLength(1);
  expect(typed.at(-1)?.type).toBe('result');
}
