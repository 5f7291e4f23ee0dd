/**
 * Two builds at once can be handed the same free port before either QEMU binds it (vm-plan.ts picks it,
 * QEMU binds it later). RunVm starts QEMU again on a new port when QEMU says the forward's port is taken.
 * Real QEMU (TCG, an empty disk: it never boots anything; the monitor answering is enough) and a real
 * listener on the planned port.
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
import { Timeline } from '../../src/bake/timeline.js';
import { VM_TIMINGS } from '../../src/vm/timings.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-port-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('starts QEMU on another port when the planned one was taken meanwhile', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  const disk = path.join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  const context = {
    options: { username: 'u', password: 'p', screenshotIntervalSeconds: 0 },
    logger: { info: log, warn: log, debug: () => undefined, phase: log },
    startedAt: Date.now(),
    timeline: new Timeline(),
    events: new BuildEvents(Date.now(), []),
    workDir: dir,
    timings: VM_TIMINGS.tcg,
    vm: {
      name: 'port-race',
      accel: 'tcg',
      memoryMiB: 256,
      cpus: 1,
      firmware: { type: 'bios' },
      disk: { path: disk, unsafeCache: true },
      cdroms: [],
      sshHostPort: port,
      qmpSocket: path.join(dir, 'qmp.sock'),
      serialLog: path.join(dir, 'serial.log'),
    },
  } as unknown as BuildContext;
  const step = new RunVm();
  try {
    await step.run(context);
    expect(context.vm!.sshHostPort).not.toBe(port);
    expect(context.session!.running).toBe(true);
    expect(lines).toContain(
      `The SSH port ${port} was taken before QEMU bound it; trying ${context.vm!.sshHostPort}`,
    );
  } finally {
    await step.cleanup();
    taken.close();
  }
}, 60_000);
