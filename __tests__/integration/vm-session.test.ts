/**
 * The VM steps around a real QEMU with no operating system (it sits in the firmware): sockets whatever the
 * work dir's length, a shutdown that honours its fallbacks, cancellation and the build's deadline, screendumps
 * (PNG and PPM) and --vnc.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { WindowsImageBuilder, type BuildInput } from '../../src/bake/builder.js';
import type { Step } from '../../src/bake/context.js';
import { MakeAnswerMedium } from '../../src/bake/steps/answer-medium.js';
import { Compact } from '../../src/bake/steps/compact.js';
import { CreateDisk } from '../../src/bake/steps/disk.js';
import { Finalize } from '../../src/bake/steps/finalize.js';
import { SaveFirmwareState } from '../../src/bake/steps/firmware-state.js';
import { Preflight } from '../../src/bake/steps/preflight.js';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { ShutDown } from '../../src/bake/steps/shut-down.js';
import { StartTpm } from '../../src/bake/steps/start-tpm.js';
import { MAX_SOCKET_PATH, PlanVm } from '../../src/bake/steps/vm-plan.js';
import { PrepareWorkDir } from '../../src/bake/steps/work-dir.js';
import { BuildError } from '../../src/errors.js';
import { processesUsing } from '../../src/action/post.js';
import { decodePng, type Pixels } from '../../src/tools/png.js';
import { screendumpPng, screendumpTakesPng } from '../../src/tools/screendump.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { tempDir } from '../support/cli.js';
import { PlanVmWith } from '../support/steps.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

// QEMU boots under TCG; the deadline test waits for its 20 s build timeout.
jest.setTimeout(120_000);

let dir: string;
let input: Omit<BuildInput, 'output'>;

beforeAll(async () => {
  dir = tempDir('vm-session');
  input = {
    iso: await makeWindowsIso(dir, 'windows'),
    virtioWinIso: makeVirtioIso(dir),
    accel: 'tcg',
    firmware: 'uefi',
    cpus: 1,
    memoryMiB: 256,
    diskSizeMiB: 64,
    password: `p&ss<w>"rd'`,
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vmSteps(plan: Step, ...then: Step[]): Step[] {
  return [
    new Preflight(),
    new PrepareWorkDir(),
    new MakeAnswerMedium(),
    new CreateDisk(),
    plan,
    new StartTpm(),
    new RunVm(),
    ...then,
  ];
}

/** A free loopback port where --vnc takes one (QEMU's displays start at 5900). */
async function freeVncPort(): Promise<number> {
  for (;;) {
    const port = 5900 + Math.floor(Math.random() * 50_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

const stop: Step = {
  title: 'stop here',
  async run() {
    throw new BuildError('vm-failed', 'stopped by the test');
  },
};

describe('the VM steps around a real QEMU', () => {
  it('keeps its sockets short with a 200-character work dir; QMP and swtpm answer; nothing is left', async () => {
    const workDir = path.join(dir, 'w'.repeat(200 - dir.length - 1));
    expect(workDir.length).toBe(200);
    const seen: { qmp?: string; tpm?: string; status?: unknown; tpmRunning?: boolean } = {};
    const inspect: Step = {
      title: 'inspect',
      async run(context) {
        seen.qmp = context.vm!.qmpSocket;
        seen.tpm = context.vm!.tpmSocket;
        seen.status = await context.session!.qmp.execute('query-status');
        seen.tpmRunning = context.tpm!.running;
      },
    };
    const error = await failureOf(
      new WindowsImageBuilder(
        { ...input, firmware: 'uefi-secure', output: path.join(dir, 'long.qcow2'), workDir },
        undefined,
        vmSteps(new PlanVm(), inspect, stop),
      ).build(),
    );
    expect(error.message).toBe('stopped by the test');
    expect(seen.status).toMatchObject({ running: true });
    expect(seen.tpmRunning).toBe(true);
    for (const socket of [seen.qmp!, seen.tpm!]) {
      expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(MAX_SOCKET_PATH);
      expect(socket.startsWith(workDir)).toBe(false);
      expect(existsSync(path.dirname(socket))).toBe(false); // removed with the build
    }
    expect(processesUsing(path.dirname(seen.qmp!))).toEqual([]);
    expect(processesUsing(dir)).toEqual([]);
  });

  it('a guest that ignores the shutdown request: ACPI button, then quit, and no image from that disk', async () => {
    const logger = recordingLogger();
    const output = path.join(dir, 'fallbacks.qcow2');
    const error = await failureOf(
      new WindowsImageBuilder(
        { ...input, output },
        logger,
        vmSteps(
          new PlanVmWith({ shutdownCommandMs: 1_000, powerOffMs: 1_000, acpiPowerOffMs: 1_000 }),
          new ShutDown(),
          new Compact(),
          new SaveFirmwareState(),
          new Finalize(),
        ),
      ).build(),
    );
    expect(error.code).toBe('vm-failed');
    expect(error.message).toMatch(/The guest did not shut down: no power-off within 1 s/);
    const said = logger.lines.join('\n');
    expect(said).toMatch(/did not power off within 1 s: pressing the ACPI power button/);
    expect(said).toMatch(/Still running: asking QEMU to quit/);
    expect(said).not.toMatch(/killing QEMU/); // quit worked
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(processesUsing(dir)).toEqual([]);
  });

  it('a VM that died before the shutdown makes no image, whatever state its disk is in', async () => {
    const output = path.join(dir, 'crashed.qcow2');
    const crash: Step = {
      title: 'QEMU dies',
      async run(context) {
        await context.session!.qemu.stop(0);
      },
    };
    const error = await failureOf(
      new WindowsImageBuilder(
        { ...input, output },
        undefined,
        vmSteps(new PlanVm(), crash, new ShutDown(), new Compact(), new Finalize()),
      ).build(),
    );
    expect(error.code).toBe('guest-exited');
    // QEMU may end on SIGTERM by itself (exit code 0) or be killed: either way no shutdown happened.
    expect(error.message).toMatch(
      /QEMU stopped before the guest was asked to shut down: qemu-system-x86_64 /,
    );
    expect(existsSync(output)).toBe(false);
  });

  it('shutdown is cancelled at once, not after its waits', async () => {
    const controller = new AbortController();
    const cancelSoon: Step = {
      title: 'cancel in a moment',
      async run() {
        setTimeout(() => controller.abort(new Error('received SIGTERM')), 1_500);
      },
    };
    const started = Date.now();
    const error = await failureOf(
      new WindowsImageBuilder(
        { ...input, output: path.join(dir, 'cancelled.qcow2') },
        undefined,
        vmSteps(new PlanVmWith({ shutdownCommandMs: 500 }), cancelSoon, new ShutDown()),
      ).build(controller.signal),
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/received SIGTERM/);
    expect(Date.now() - started).toBeLessThan(60_000); // the power-off wait alone is 5 minutes under TCG
    expect(processesUsing(dir)).toEqual([]);
  });

  it('screendump: PNG from this QEMU, and the PPM an older one gives converted to the same picture', async () => {
    const seen: { png?: Pixels; fromPpm?: Pixels } = {};
    const dump: Step = {
      title: 'screendumps',
      async run(context) {
        const qmp = context.session!.qmp;
        expect(screendumpTakesPng(qmp.qemuVersion)).toBe(true); // Debian 12's QEMU is 7.2
        const scratch = path.join(context.workDir!, 'dump');
        const asPng = async (): Promise<Pixels> => decodePng(await screendumpPng(qmp, scratch));
        const asPpm = async (): Promise<Pixels> => {
          qmp.qemuVersion = { major: 7, minor: 0, micro: 0 };
          try {
            return decodePng(await screendumpPng(qmp, scratch));
          } finally {
            qmp.qemuVersion = version;
          }
        };
        const version = qmp.qemuVersion;
        // The firmware's screen changes while it boots and its cursor blinks: a PPM between two equal PNGs.
        for (let attempt = 0; attempt < 100 && !seen.png; attempt++) {
          const before = await asPng();
          const ppm = await asPpm();
          const after = await asPng();
          if (before.data.equals(after.data)) Object.assign(seen, { png: before, fromPpm: ppm });
        }
        expect(existsSync(scratch)).toBe(false);
      },
    };
    await failureOf(
      new WindowsImageBuilder(
        { ...input, firmware: 'bios', output: path.join(dir, 'dump.qcow2') },
        undefined,
        vmSteps(new PlanVm(), dump, stop),
      ).build(),
    );
    expect(seen.png!.width).toBeGreaterThanOrEqual(640);
    expect(seen.fromPpm).toEqual(seen.png);
  });

  it('--vnc: QEMU speaks RFB on the loopback port given, and the address is printed', async () => {
    const port = await freeVncPort();
    const logger = recordingLogger();
    let greeting = '';
    const connect: Step = {
      title: 'connect a VNC viewer',
      async run() {
        greeting = await new Promise<string>((resolve, reject) => {
          const socket = net.createConnection({ host: '127.0.0.1', port });
          let text = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes('\n')) {
              socket.destroy();
              resolve(text);
            }
          });
          socket.on('error', reject);
        });
      },
    };
    await failureOf(
      new WindowsImageBuilder(
        { ...input, firmware: 'bios', output: path.join(dir, 'vnc.qcow2'), vnc: `127.0.0.1:${port}` },
        logger,
        vmSteps(new PlanVm(), connect, stop),
      ).build(),
    );
    expect(greeting).toBe('RFB 003.008\n');
    expect(logger.lines).toContain(`VNC: watch the VM at 127.0.0.1:${port}`);
  });

  it('shutdown stops at the build deadline with a timeout that says so', async () => {
    const error = await failureOf(
      new WindowsImageBuilder(
        { ...input, output: path.join(dir, 'deadline.qcow2'), buildTimeoutSeconds: 20 },
        undefined,
        vmSteps(new PlanVmWith({ shutdownCommandMs: 500 }), new ShutDown()),
      ).build(),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/timed out after 20 s while waiting for the guest to power off/);
    expect(processesUsing(dir)).toEqual([]);
  });
});
