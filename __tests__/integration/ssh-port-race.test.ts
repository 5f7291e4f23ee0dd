/**
 * Two builds at once can be handed the same free port before either QEMU binds it (vm-plan.ts picks it,
 * QEMU binds it later). RunVm starts QEMU again on a new port when QEMU says the forward's port is taken.
 * Real QEMU (TCG, an empty disk: it never boots anything; the monitor answering is enough) and a real
 * listener on the planned port; with a TPM (uefi-secure's), a real swtpm started by StartTpm (with
 * --terminate), which must still serve the QEMU started again: the failed QEMU never initialised its TPM.
 */
import { afterAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BuildContext } from '../../src/bake/context.js';
import { BuildEvents } from '../../src/bake/events.js';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { StartTpm } from '../../src/bake/steps/start-tpm.js';
import { Timeline } from '../../src/bake/timeline.js';
import { VM_TIMINGS } from '../../src/vm/timings.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-port-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function raceFor(name: string, withTpm: boolean): Promise<void> {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  const caseDir = mkdtempSync(path.join(dir, `${name}-`));
  const disk = path.join(caseDir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  const context = {
    options: { username: 'u', password: 'p', screenshotIntervalSeconds: 0 },
    logger: { info: log, warn: log, debug: () => undefined, phase: log },
    startedAt: Date.now(),
    timeline: new Timeline(),
    events: new BuildEvents(Date.now(), []),
    workDir: caseDir,
    timings: VM_TIMINGS.tcg,
    vm: {
      name,
      accel: 'tcg',
      memoryMiB: 256,
      cpus: 1,
      firmware: { type: 'bios' },
      disk: { path: disk, unsafeCache: true },
      cdroms: [],
      sshHostPort: port,
      qmpSocket: path.join(caseDir, 'qmp.sock'),
      serialLog: path.join(caseDir, 'serial.log'),
      ...(withTpm && { tpmSocket: path.join(caseDir, 'tpm.sock') }),
    },
  } as unknown as BuildContext;
  const tpm = new StartTpm();
  const step = new RunVm();
  try {
    if (withTpm) await tpm.run(context);
    const swtpm = context.tpm;
    await step.run(context);
    expect(context.vm!.sshHostPort).not.toBe(port);
    expect(context.session!.running).toBe(true);
    expect(lines).toContain(
      `The SSH port ${port} was taken before QEMU bound it; trying ${context.vm!.sshHostPort}`,
    );
    if (withTpm) {
      expect(context.tpm).toBe(swtpm);
      expect(context.tpm!.running).toBe(true);
      // The QEMU that runs has its TPM: swtpm answers it (QEMU would have exited without).
      expect(await context.session!.qmp.execute('query-tpm')).toEqual([
        expect.objectContaining({ id: 'tpm0', model: 'tpm-crb' }),
      ]);
    }
  } finally {
    await step.cleanup();
    await tpm.cleanup(context);
    taken.close();
  }
  if (withTpm) expect(context.tpm!.running).toBe(false);
}

it(
  'starts QEMU on another port when the planned one was taken meanwhile',
  () => raceFor('port-race', false),
  60_000,
);

it(
  'with a TPM (uefi-secure), the same swtpm serves the QEMU started again',
  () => raceFor('port-race-tpm', true),
  60_000,
);
