/** The QMP client against a real QEMU, the serial-log follower on a real file, child process reaping. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from '../../src/tools/process.js';
import { QmpClient, type QmpEvent } from '../../src/tools/qmp.js';
import { plainText, SerialLog } from '../../src/vm/serial-log.js';
import { tempDir } from '../support/cli.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('vm-tools');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nextEvent(qmp: QmpClient, name: string): Promise<QmpEvent> {
  return new Promise((resolve) => {
    const listener = (event: QmpEvent): void => {
      if (event.event !== name) return;
      qmp.off('event', listener);
      resolve(event);
    };
    qmp.on('event', listener);
  });
}

async function connectWhenReady(socket: string, qemu: ManagedProcess): Promise<QmpClient> {
  for (let i = 0; i < 400; i++) {
    try {
      return await QmpClient.connect(socket);
    } catch {
      if (!qemu.running) throw new Error(`qemu exited: ${qemu.stderrTail()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error('no QMP socket');
}

describe('QmpClient with a real QEMU', () => {
  it('negotiates, runs commands, reports RESET and SHUTDOWN, and sees QEMU quit', async () => {
    const socket = path.join(dir, 'qmp.sock');
    const qemu = new ManagedProcess('qemu-system-x86_64', [
      '-machine',
      'q35',
      '-accel',
      'tcg',
      '-nodefaults',
      '-display',
      'none',
      '-chardev',
      `socket,id=qmp0,path=${socket},server=on,wait=off`,
      '-mon',
      'chardev=qmp0,mode=control',
      '-S',
    ]);
    try {
      const qmp = await connectWhenReady(socket, qemu);
      expect(await qmp.execute('query-status')).toMatchObject({ running: false });
      await expect(qmp.execute('no-such-command')).rejects.toThrow(/CommandNotFound/);
      const reset = nextEvent(qmp, 'RESET');
      await qmp.execute('system_reset');
      expect((await reset).event).toBe('RESET');
      await qmp.sendKey('ret');
      const shutdown = nextEvent(qmp, 'SHUTDOWN');
      await qmp.execute('quit');
      expect((await shutdown).data).toMatchObject({ guest: false });
      expect((await qemu.exited).code).toBe(0);
      qmp.close();
    } finally {
      await qemu.stop();
    }
  });
});

describe('SerialLog', () => {
  it('emits lines as they are appended, strips control sequences, keeps a tail and pending text', async () => {
    const file = path.join(dir, 'serial.log');
    const serial = new SerialLog(file);
    const lines: string[] = [];
    const partials: string[] = [];
    serial.on('line', (line) => lines.push(line));
    serial.on('partial', (text) => partials.push(text));
    const seen = new Promise<void>((resolve) =>
      serial.on('line', (line) => {
        if (line === 'bake-windows-image: guest ready') resolve();
      }),
    );
    appendFileSync(file, '\x1b[2J\x1b[1;1HBdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM QM00001 "\r\n');
    appendFileSync(file, 'Press any key to boot from CD or DVD...');
    serial.readNew();
    expect(partials).toContain('Press any key to boot from CD or DVD...');
    appendFileSync(file, '\nbake-windows-image: guest ready\n');
    await seen;
    serial.close();
    expect(lines).toEqual([
      'BdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM QM00001 "',
      'Press any key to boot from CD or DVD...',
      'bake-windows-image: guest ready',
    ]);
    expect(serial.tail(2)).toEqual([
      'Press any key to boot from CD or DVD...',
      'bake-windows-image: guest ready',
    ]);
  });

  it('plainText removes terminal sequences only', () => {
    expect(plainText('\x1b[0m\x1b[37m\x1b[40mWelcome to GRUB!\x1b[0m')).toBe('Welcome to GRUB!');
  });
});

describe('ManagedProcess', () => {
  it('escalates to SIGKILL for a child that ignores SIGTERM, and reaps it', async () => {
    const child = new ManagedProcess('sh', ['-c', 'trap "" TERM; while :; do sleep 1; done']);
    await new Promise((r) => setTimeout(r, 200));
    await child.stop(300);
    expect(child.running).toBe(false);
    expect(child.describeExit()).toBe('sh was killed by SIGKILL');
  });

  it('reports a program that cannot start', async () => {
    const child = new ManagedProcess('/nonexistent/qemu', []);
    await child.exited;
    expect(child.running).toBe(false);
    expect(child.stderrTail()).toMatch(/ENOENT/);
  });
});
