/** The timeline of phases and the events it and the builder send, on a fake clock. */
import { describe, expect, it } from '@jest/globals';
import { BuildEvents, type BuildEvent } from '../../src/bake/events.js';
import { Timeline } from '../../src/bake/timeline.js';

function clock(start = Date.parse('2025-01-01T00:00:00Z')) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('Timeline', () => {
  it('records phases one at a time, with durations, reboots and guest steps, and reports each change', () => {
    const { state, now } = clock();
    const events = new BuildEvents(state.now, [], now);
    const seen: BuildEvent[] = [];
    events.on((event) => seen.push(event));
    const timeline = new Timeline(now);
    timeline.connect(events);
    timeline.start('preflight');
    state.now += 1_500;
    timeline.start('preflight'); // the same phase again: nothing
    timeline.start('boot');
    state.now += 60_000;
    timeline.reboot(1);
    timeline.start('setup-devices');
    timeline.guestStep('start sshd', 'started');
    state.now += 2_000;
    timeline.guestStep('start sshd', 'failed', 'cannot start');
    timeline.end();

    expect(seen.map((event) => `${event.type} ${'phase' in event ? event.phase : ''}`.trim())).toEqual([
      'phase-start preflight',
      'phase-end preflight',
      'phase-start boot',
      'reboot',
      'phase-end boot',
      'phase-start setup-devices',
      'guest-step',
      'guest-step',
      'phase-end setup-devices',
    ]);
    expect(seen[1]).toMatchObject({ durationMs: 1_500, elapsedMs: 1_500, time: '2025-01-01T00:00:01.500Z' });
    expect(timeline.durations()).toEqual({ preflight: 1_500, boot: 60_000, 'setup-devices': 2_000 });
    expect(timeline.reboots).toBe(1);
    expect(timeline.current).toBeUndefined();
    expect(timeline.toJSON()).toEqual({
      phases: [
        expect.objectContaining({ name: 'preflight', title: 'preflight', durationMs: 1_500 }),
        expect.objectContaining({ name: 'boot', startedAt: '2025-01-01T00:00:01.500Z', durationMs: 60_000 }),
        expect.objectContaining({ name: 'setup-devices', endedAt: '2025-01-01T00:01:03.500Z' }),
      ],
      reboots: [{ count: 1, at: '2025-01-01T00:01:01.500Z' }],
      guestSteps: [
        {
          name: 'start sshd',
          status: 'failed',
          startedAt: '2025-01-01T00:01:01.500Z',
          durationMs: 2_000,
          error: 'cannot start',
        },
      ],
    });
  });

  it('tells phase listeners, and a phase still running has its duration so far', () => {
    const { state, now } = clock();
    const timeline = new Timeline(now);
    const titles: string[] = [];
    const off = timeline.onPhase((phase) => titles.push(phase.title));
    timeline.start('setup-files');
    off();
    timeline.start('oobe');
    state.now += 5_000;
    expect(titles).toEqual(['Windows Setup copying files (WinPE)']);
    expect(timeline.toJSON().phases.at(-1)).toMatchObject({ name: 'oobe', durationMs: 5_000 });
    expect(timeline.toJSON().phases.at(-1)).not.toHaveProperty('endedAt');
  });
});

describe('Timeline.advance', () => {
  it('moves only forward in the phase order: a late signal does not take the timeline back', () => {
    const timeline = new Timeline(() => 0);
    expect(timeline.advance('setup-files')).toBe(true);
    expect(timeline.advance('setup-files')).toBe(false);
    timeline.start('trim');
    expect(timeline.advance('ssh')).toBe(false);
    expect(timeline.current?.name).toBe('trim');
    expect(timeline.advance('shutdown')).toBe(true);
    expect(timeline.toJSON().phases.map((phase) => phase.name)).toEqual(['setup-files', 'trim', 'shutdown']);
  });
});

describe('BuildEvents', () => {
  it('replaces the secrets in every string, leaves undefined fields out, and survives a failing listener', () => {
    const events = new BuildEvents(Date.now(), [`p&ss"rd`]);
    const seen: BuildEvent[] = [];
    events.on(() => {
      throw new Error('a broken dashboard');
    });
    const off = events.on((event) => seen.push(event));
    events.emit({ type: 'warning', message: 'login as baker with p&ss"rd failed' });
    events.emit({
      type: 'result',
      ok: false,
      durationMs: 1,
      error: { code: 'ssh-auth', message: 'p&ss"rd refused', hint: undefined, exitCode: 1 },
    });
    events.emit({ type: 'screenshot', file: '/work/screens/0001-oobe-interval.png', reason: 'interval' });
    off();
    events.emit({ type: 'warning', message: 'not seen' });
    for (const event of seen) expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(seen.map(({ time: _time, elapsedMs: _elapsed, ...body }) => body)).toEqual([
      { type: 'warning', message: 'login as baker with *** failed' },
      {
        type: 'result',
        ok: false,
        durationMs: 1,
        error: { code: 'ssh-auth', message: '*** refused', exitCode: 1 },
      },
      { type: 'screenshot', file: '/work/screens/0001-oobe-interval.png', reason: 'interval' },
    ]);
    expect(Object.keys((seen[1] as { error: object }).error)).not.toContain('hint');
  });
});
