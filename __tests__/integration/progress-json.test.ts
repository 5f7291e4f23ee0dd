/**
 * `--progress json`, the CLI run from source: stderr is NDJSON only, every line valid under the schema and in
 * order, for a build that fails fast (a missing ISO) and a usage error; and the schema itself rejects
 * what is not an event. A whole stand-in bake's events: __tests__/e2e/progress.test.ts.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { BuildError } from '../../src/errors.js';
import { tempDir } from '../support/cli.js';
import { expectWellFormed, schemaErrors } from '../support/progress.js';

const dir = tempDir('progress-json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stderr = '';
  let stdout = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  const lines = stderr.split('\n').filter(Boolean);
  return {
    code,
    stdout,
    stderr,
    events: (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line)),
  };
}

describe('--progress json', () => {
  it('writes the events of a failing build as NDJSON, the error in the last one, the password nowhere', async () => {
    const password = 'Pr0gress-s3cret';
    const {
      code,
      stdout,
      stderr,
      events: parse,
    } = await run([
      'build-image',
      '--progress',
      'json',
      '--iso',
      // The error names this path: the password in it must come out masked.
      path.join(dir, `missing-${password}.iso`),
      '--virtio-win-iso',
      path.join(dir, 'missing-virtio.iso'),
      '--output',
      path.join(dir, 'out.qcow2'),
      '--accel',
      'tcg',
      '--password',
      password,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(password);
    expect(stderr.endsWith('\n')).toBe(true);
    const events = parse();
    expectWellFormed(events);
    expect(events.map((event) => event.type)).toEqual(['phase-start', 'phase-end', 'result']);
    expect(events[0]).toMatchObject({ phase: 'preflight', title: 'preflight' });
    expect(events.at(-1)).toMatchObject({ ok: false, error: { code: 'input-missing', exitCode: 1 } });
    expect(String((events.at(-1)!.error as { message: string }).message)).toContain('missing-***.iso');
  });

  it('a usage error is one result event', async () => {
    const { code, events: parse } = await run(['build-image', '--progress', 'json', '--memory', 'lots']);
    expect(code).toBe(2);
    const events = parse();
    expectWellFormed(events);
    expect(events).toEqual([
      expect.objectContaining({ type: 'result', ok: false, error: expect.objectContaining({ exitCode: 2 }) }),
    ]);
  });

  it('takes only text or json, and text is the log as before', async () => {
    const wrong = await run([
      'build-image',
      '--progress',
      'xml',
      '--iso',
      'x',
      '--virtio-win-iso',
      'y',
      '--output',
      'z',
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: --progress takes text or json, not "xml"/);
    const text = await run([
      'build-image',
      '--progress',
      'text',
      '--iso',
      path.join(dir, 'missing.iso'),
      '--virtio-win-iso',
      path.join(dir, 'missing-virtio.iso'),
      '--output',
      path.join(dir, 'out.qcow2'),
    ]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/ ==> /);
    expect(text.stderr).toMatch(/^error: .*missing\.iso/m);
    expect(text.stderr).not.toMatch(/^\{/m);
  });
});

describe('the schema', () => {
  const base = { time: '2025-01-01T00:00:00.000Z', elapsedMs: 0 };
  it('accepts every kind of event', () => {
    for (const event of [
      { ...base, type: 'phase-start', phase: 'oobe', title: 'OOBE' },
      { ...base, type: 'phase-end', phase: 'oobe', title: 'OOBE', durationMs: 5 },
      { ...base, type: 'reboot', reboots: 2 },
      { ...base, type: 'screenshot', file: '/w/screens/0001-boot-interval.png', reason: 'interval' },
      { ...base, type: 'guest-step', step: 'start sshd', status: 'failed', error: 'no' },
      {
        ...base,
        type: 'heartbeat',
        phase: 'OOBE',
        reboots: 2,
        diskBytes: 1,
        diskBytesPerSecond: -0.5,
        remainingMs: 9,
        line: 'OOBE: …',
      },
      { ...base, type: 'warning', message: 'slow' },
      {
        ...base,
        type: 'result',
        ok: true,
        dryRun: false,
        durationMs: 1,
        image: { path: '/o.qcow2', sizeBytes: 1, sha256: 'a'.repeat(64) },
      },
      { ...base, type: 'result', ok: true, dryRun: true, durationMs: 1 },
      {
        ...base,
        type: 'result',
        ok: false,
        durationMs: 1,
        error: { code: 'timeout', message: 'm', exitCode: 1 },
      },
      {
        ...base,
        type: 'result',
        ok: false,
        durationMs: 1,
        error: { ...new BuildError('timeout', 'm', { hint: 'h', bundle: '/o.qcow2.failure' }).toJSON() },
      },
    ]) {
      expect({ event, errors: schemaErrors(event) }).toEqual({ event, errors: undefined });
    }
  });

  it('rejects what is not an event', () => {
    for (const event of [
      { ...base, type: 'phase-start', phase: 'lunch', title: 'x' },
      { ...base, type: 'reboot' },
      { ...base, type: 'warning', message: 'x', extra: 1 },
      { ...base, type: 'result', ok: false, durationMs: 1 },
      {
        ...base,
        type: 'result',
        ok: true,
        dryRun: false,
        durationMs: 1,
        error: { code: 'x', message: 'y', exitCode: 1 },
      },
      { type: 'warning', message: 'no time' },
      { ...base, type: 'unknown' },
    ]) {
      expect({ event, valid: schemaErrors(event) === undefined }).toEqual({ event, valid: false });
    }
  });
});
