/** The install's phases from recorded signal sequences: what the host saw of a BIOS and a UEFI bake. */
import { describe, expect, it } from '@jest/globals';
import {
  parseGuestStep,
  PhaseTracker,
  SETUP_WRITES_BYTES,
  type GuestStepReport,
  type VmSignal,
} from '../../src/bake/phase-tracker.js';
import type { PhaseName } from '../../src/bake/timeline.js';

const MiB = 1024 * 1024;
const line = (text: string): VmSignal => ({ kind: 'line', text });
const progress = (message: string): VmSignal => line(`bake-windows-image: first-logon: ${message}`);

function replay(signals: readonly VmSignal[]): { phases: PhaseName[]; steps: GuestStepReport[] } {
  const phases: PhaseName[] = [];
  const steps: GuestStepReport[] = [];
  const tracker = new PhaseTracker({
    onPhase: (phase) => phases.push(phase),
    onGuestStep: (s) => steps.push(s),
  });
  for (const signal of signals) tracker.feed(signal);
  return { phases, steps };
}

/** After OOBE: the first-logon script's lines, its ready line. */
const FIRST_LOGON: VmSignal[] = [
  line('standin: first logon: running F:\\first-logon.ps1'),
  progress("step 'install OpenSSH Server' started"),
  { kind: 'disk', bytes: 900 * MiB },
  progress("step 'install OpenSSH Server' ok"),
  progress("step 'start sshd' started"),
  progress("step 'start sshd' ok"),
  progress('finished; all steps ok'),
  line('bake-windows-image: guest ready'),
];

describe('PhaseTracker', () => {
  it('BIOS (no key): Setup is seen by its writes, then the two reboots, the first logon and the ready line', () => {
    const { phases, steps } = replay([
      { kind: 'disk', bytes: 196_608 },
      line('SeaBIOS (version 1.16.2-debian-1.16.2-1)'),
      { kind: 'disk', bytes: 196_608 + MiB },
      { kind: 'disk', bytes: 196_608 + SETUP_WRITES_BYTES },
      { kind: 'disk', bytes: 400 * MiB },
      { kind: 'reboot', reboots: 1 },
      { kind: 'disk', bytes: 600 * MiB },
      { kind: 'reboot', reboots: 2 },
      ...FIRST_LOGON,
    ]);
    expect(phases).toEqual(['setup-files', 'setup-devices', 'oobe', 'first-logon', 'ssh']);
    expect(steps).toEqual([
      { step: 'install OpenSSH Server', status: 'started' },
      { step: 'install OpenSSH Server', status: 'ok' },
      { step: 'start sshd', status: 'started' },
      { step: 'start sshd', status: 'ok' },
    ]);
  });

  it('UEFI: the key at the prompt starts Setup before any write', () => {
    const { phases } = replay([
      { kind: 'disk', bytes: 196_608 },
      line('BdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM QM00001 "'),
      { kind: 'key' },
      { kind: 'disk', bytes: 300 * MiB },
      { kind: 'reboot', reboots: 1 },
      { kind: 'key' },
      { kind: 'reboot', reboots: 2 },
      { kind: 'reboot', reboots: 3 },
      ...FIRST_LOGON,
    ]);
    expect(phases).toEqual(['setup-files', 'setup-devices', 'oobe', 'first-logon', 'ssh']);
  });

  it('stays at the boot prompt while nothing writes, and never goes back', () => {
    expect(
      replay([
        { kind: 'disk', bytes: 5 * MiB },
        { kind: 'disk', bytes: 5 * MiB + 4096 },
      ]).phases,
    ).toEqual([]);
    // A reboot during the first logon (or a stray line) leaves the phase where it is.
    const { phases } = replay([
      { kind: 'reboot', reboots: 2 },
      progress("step 'x' started"),
      { kind: 'reboot', reboots: 3 },
      { kind: 'key' },
      { kind: 'disk', bytes: 10_000 * MiB },
    ]);
    expect(phases).toEqual(['oobe', 'first-logon']);
  });

  it('a failed step is reported with its error; the failure line itself is no step', () => {
    const { steps } = replay([
      progress("step 'start sshd' started"),
      progress("step 'start sshd' FAILED: Service 'sshd' cannot be started: it: broke"),
      line('bake-windows-image: guest failed: start sshd: Service cannot be started'),
    ]);
    expect(steps).toEqual([
      { step: 'start sshd', status: 'started' },
      { step: 'start sshd', status: 'failed', error: "Service 'sshd' cannot be started: it: broke" },
    ]);
  });
});

describe('parseGuestStep', () => {
  it('reads the three forms and nothing else', () => {
    expect(parseGuestStep("step 'no recovery partition after C:' ok")).toEqual({
      step: 'no recovery partition after C:',
      status: 'ok',
    });
    expect(parseGuestStep('started on Windows 11 Pro as baker; answer medium at F:\\')).toBeUndefined();
    expect(parseGuestStep("step 'x' done")).toBeUndefined();
  });
});
