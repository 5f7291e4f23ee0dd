/**
 * A whole stand-in bake's progress, as the library reports it: every event valid under the schema and in
 * order, the phases read from the VM (Setup's writes, its two reboots, the first-logon lines, the ready line),
 * the guest's steps, heartbeats, the result last; the timeline in the result; the history written.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import path from 'node:path';
import type { BuildEvent } from '../../src/bake/events.js';
import { kindKey, readHistory } from '../../src/bake/history.js';
import { PlanVm } from '../../src/bake/steps/vm-plan.js';
import { failureOf } from '../support/build.js';
import { expectNothingLeft, replacing, standinBuilder, standinFixture, PASSWORD } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';
import { expectWellFormed } from '../support/progress.js';
import { PlanVmWith } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('progress');
afterEach(() => expectNothingLeft(fixture.dir));

describe('progress events of a whole bake', () => {
  it('follow the schema and the order, name every phase from real signals, and end with the result', async () => {
    const events: BuildEvent[] = [];
    const historyDir = path.join(fixture.dir, 'history');
    // Heartbeats every 5 s, so that a fast bake has some too.
    const steps = replacing(PlanVm, new PlanVmWith({ heartbeatMs: 5_000 }));
    const result = await standinBuilder(fixture.media, fixture.dir, { firmware: 'bios' }, steps, undefined, {
      onEvent: (event) => events.push(event),
      historyDir,
    }).build();
    expect(result.kind).toBe('image');

    expectWellFormed(JSON.parse(JSON.stringify(events)) as unknown[]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    const phases = events.flatMap((event) => (event.type === 'phase-start' ? [event.phase] : []));
    expect(phases).toEqual([
      'preflight',
      'answer-medium',
      'boot',
      'setup-files',
      'setup-devices',
      'oobe',
      'first-logon',
      'ssh',
      'trim',
      'shutdown',
      'compaction',
    ]);
    expect(events.flatMap((event) => (event.type === 'reboot' ? [event.reboots] : []))).toEqual([1, 2]);
    // The stand-in reports a first-logon step only when it fails (below): no 'started'/'ok' lines here.
    expect(events.filter((event) => event.type === 'guest-step')).toEqual([]);
    const heartbeats = events.filter((event) => event.type === 'heartbeat');
    expect(heartbeats.length).toBeGreaterThan(0);
    expect(heartbeats.some((beat) => (beat.diskBytes ?? 0) > 0)).toBe(true);

    if (result.kind !== 'image') return;
    expect(result.timeline.phases.map((phase) => phase.name)).toEqual(phases);
    expect(result.timeline.reboots.map((reboot) => reboot.count)).toEqual([1, 2]);
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: true, image: { sha256: result.image.sha256 } });
    const history = readHistory(path.join(historyDir, 'history.json'));
    expect(history).toEqual([
      expect.objectContaining({
        kind: kindKey({ os: result.os, edition: 'Windows 11 Pro', accel: 'tcg', firmware: 'bios' }),
        phases: expect.objectContaining({ oobe: expect.any(Number), 'first-logon': expect.any(Number) }),
      }),
    ]);
  });

  it('of a failed bake: the failed guest step, the phase it failed in closed, the error as the last event', async () => {
    const events: BuildEvent[] = [];
    const faulty = standinMedia('sshd-fails');
    const builder = standinBuilder(
      fixture.media,
      fixture.dir,
      { iso: faulty.installer, buildTimeoutSeconds: 900 },
      undefined,
      undefined,
      { onEvent: (event) => events.push(event), historyDir: false },
    );
    const error = await failureOf(builder.build());
    expect(error.code).toBe('guest-step-failed');
    expectWellFormed(JSON.parse(JSON.stringify(events)) as unknown[]);
    expect(events.filter((event) => event.type === 'guest-step')).toEqual([
      expect.objectContaining({
        step: 'start sshd',
        status: 'failed',
        error: expect.stringMatching(/^Service 'OpenSSH SSH Server \(sshd\)' cannot be started/),
      }),
    ]);
    const ends = events.flatMap((event) => (event.type === 'phase-end' ? [event.phase] : []));
    expect(ends.at(-1)).toBe('first-logon');
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: false, error: { code: 'guest-step-failed' } });
    expect(builder.timeline?.toJSON().guestSteps).toEqual([
      expect.objectContaining({ name: 'start sshd', status: 'failed' }),
    ]);
  });
});
