/**
 * A whole stand-in bake's progress, as the library reports it: every event valid under the schema and in
 * order, the phases read from the VM (Setup's writes, its two reboots, the first-logon lines, the ready line),
 * the guest's steps, heartbeats, the result last; the timeline in the result; the history written.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildEvent } from '../../src/bake/events.js';
import { kindKey, readHistory } from '../../src/bake/history.js';
import { PlanVm } from '../../src/bake/steps/vm-plan.js';
import { templatesDir } from '../../src/unattend/templates.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { PHASES, type PhaseName } from '../../src/bake/timeline.js';
import { expectNothingLeft, replacing, standinBuilder, standinFixture, PASSWORD } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';
import { expectWellFormed } from '../support/progress.js';
import { PlanVmWith } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('progress');
afterEach(() => expectNothingLeft(fixture.dir));

/** The first-logon script's steps (its Invoke-Step lines), in its order. */
function scriptSteps(): string[] {
  const template = readFileSync(path.join(templatesDir(), 'first-logon.ps1.mustache'), 'utf8');
  return [...template.matchAll(/^Invoke-Step '([^']+)' \{/gm)].map((match) => match[1]!);
}

describe('progress events of a whole bake', () => {
  it.each(['bios', 'uefi'] as const)(
    '%s: follow the schema and the order, name every phase from real signals, and end with the result',
    async (firmware) => {
      const events: BuildEvent[] = [];
      const historyDir = path.join(fixture.dir, `history-${firmware}`);
      // Heartbeats every 5 s, so that a fast bake has some too.
      const steps = replacing(PlanVm, new PlanVmWith({ heartbeatMs: 5_000 }));
      const logger = recordingLogger();
      const result = await standinBuilder(fixture.media, fixture.dir, { firmware }, steps, logger, {
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
      // The text log names the phases read from the guest, once each, in order.
      expect(logger.lines.filter((line) => line.startsWith('Phase: '))).toEqual(
        ['setup-files', 'setup-devices', 'oobe', 'first-logon', 'ssh'].map(
          (phase) => `Phase: ${PHASES[phase as PhaseName]}`,
        ),
      );
      // Each step of the first-logon script, started then ok, in the script's order.
      const names = scriptSteps();
      expect(names.length).toBeGreaterThan(5);
      expect(
        events.flatMap((event) => (event.type === 'guest-step' ? [`${event.step}: ${event.status}`] : [])),
      ).toEqual(names.flatMap((name) => [`${name}: started`, `${name}: ok`]));
      expect(result.kind === 'image' && result.timeline.guestSteps.map((step) => step.status)).toEqual(
        names.map(() => 'ok'),
      );
      // Screenshots, each an event naming its PNG (in the work dir, gone with it).
      expect(events.some((event) => event.type === 'screenshot' && /\.png$/.test(event.file))).toBe(true);
      const heartbeats = events.filter((event) => event.type === 'heartbeat');
      expect(heartbeats.length).toBeGreaterThan(0);
      expect(heartbeats.some((beat) => (beat.diskBytes ?? 0) > 0)).toBe(true);

      if (result.kind !== 'image') return;
      expect(result.timeline.phases.map((phase) => phase.name)).toEqual(phases);
      expect(result.timeline.reboots.map((reboot) => reboot.count)).toEqual([1, 2]);
      expect(events.at(-1)).toMatchObject({
        type: 'result',
        ok: true,
        image: { sha256: result.image.sha256 },
      });
      const history = readHistory(path.join(historyDir, 'history.json'));
      expect(history).toEqual([
        expect.objectContaining({
          kind: kindKey({ os: result.os, edition: 'Windows 11 Pro', accel: 'tcg', firmware }),
          phases: expect.objectContaining({ oobe: expect.any(Number), 'first-logon': expect.any(Number) }),
        }),
      ]);
    },
  );

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
    // The steps before it ok, then it failed, and nothing after it.
    const names = scriptSteps();
    const failed = names.indexOf('start sshd');
    expect(
      events.flatMap((event) => (event.type === 'guest-step' ? [`${event.step}: ${event.status}`] : [])),
    ).toEqual([
      ...names.slice(0, failed).flatMap((name) => [`${name}: started`, `${name}: ok`]),
      'start sshd: started',
      'start sshd: failed',
    ]);
    expect(events.filter((event) => event.type === 'guest-step').at(-1)).toMatchObject({
      step: 'start sshd',
      status: 'failed',
      error: expect.stringMatching(/^Service 'OpenSSH SSH Server \(sshd\)' cannot be started/),
    });
    const ends = events.flatMap((event) => (event.type === 'phase-end' ? [event.phase] : []));
    expect(ends.at(-1)).toBe('first-logon');
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: false, error: { code: 'guest-step-failed' } });
    expect(builder.timeline?.toJSON().guestSteps.at(-1)).toEqual(
      expect.objectContaining({ name: 'start sshd', status: 'failed' }),
    );
  });
});
