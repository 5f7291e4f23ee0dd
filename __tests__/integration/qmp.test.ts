/**
 * The QMP client against a fake QEMU monitor that misbehaves on purpose: silent, garbled, slow, gone.
 * (vm-tools.test.ts runs it against a real QEMU.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { QmpClient } from '../../src/tools/qmp.js';

const GREETING = JSON.stringify({ QMP: { version: {}, capabilities: [] } }) + '\n';
const FAST = { connectTimeoutMs: 500, commandTimeoutMs: 300 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-qmp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A monitor on a fresh socket; `onCommand` answers each command (or not). */
async function fakeMonitor(
  behaviour: {
    greet?: boolean;
    onCommand?: (command: { execute: string; id?: unknown }, socket: net.Socket) => void;
  } = {},
): Promise<{ socketPath: string; sockets: net.Socket[]; close: () => Promise<void> }> {
  const socketPath = path.join(dir, `${Math.random().toString(36).slice(2, 8)}.sock`);
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    if (behaviour.greet !== false) socket.write(GREETING);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const command = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (command.execute === 'qmp_capabilities') {
          socket.write(JSON.stringify({ return: {}, id: command.id }) + '\n');
        } else {
          behaviour.onCommand?.(command, socket);
        }
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('QmpClient against a misbehaving monitor', () => {
  it('gives up on a monitor that never greets, within its bound', async () => {
    const monitor = await fakeMonitor({ greet: false });
    const started = Date.now();
    await expect(QmpClient.connect(monitor.socketPath, FAST)).rejects.toThrow(/did not greet within 0.5 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await monitor.close();
  });

  it('fails to connect when the monitor hangs up before greeting', async () => {
    const monitor = await fakeMonitor({ greet: false });
    const connecting = QmpClient.connect(monitor.socketPath, { ...FAST, connectTimeoutMs: 10_000 });
    while (monitor.sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    monitor.sockets[0]!.destroy();
    await expect(connecting).rejects.toThrow(/closed before the greeting/);
    await monitor.close();
  });

  it('survives a line that is not JSON: reports it and goes on answering', async () => {
    const monitor = await fakeMonitor({
      onCommand: (command, socket) => {
        socket.write('{"event": "RESET", garbage\n');
        socket.write('[1, 2]\n');
        socket.write(JSON.stringify({ return: { status: 'running' }, id: command.id }) + '\n');
      },
    });
    const client = await QmpClient.connect(monitor.socketPath, FAST);
    const malformed: string[] = [];
    client.on('malformed', (line) => malformed.push(line));
    await expect(client.execute('query-status')).resolves.toEqual({ status: 'running' });
    expect(malformed).toEqual(['{"event": "RESET", garbage', '[1, 2]']);
    client.close();
    await monitor.close();
  });

  it('a command without an answer times out, and a late answer is not taken for the next command', async () => {
    let calls = 0;
    const monitor = await fakeMonitor({
      onCommand: (command, socket) => {
        calls++;
        if (calls === 1) {
          // Answers the first command only after it timed out, and after the second was sent.
          setTimeout(() => socket.write(JSON.stringify({ return: 'late', id: command.id }) + '\n'), 400);
        } else {
          setTimeout(() => socket.write(JSON.stringify({ return: 'second', id: command.id }) + '\n'), 200);
        }
      },
    });
    const client = await QmpClient.connect(monitor.socketPath, FAST);
    await expect(client.execute('system_powerdown')).rejects.toThrow(
      /system_powerdown got no answer within 0.3 s/,
    );
    await expect(client.execute('query-status', undefined, 1_000)).resolves.toBe('second');
    client.close();
    await monitor.close();
  });

  it('rejects what is pending when the monitor goes away, and every call after that', async () => {
    const monitor = await fakeMonitor({ onCommand: (_command, socket) => socket.destroy() });
    const client = await QmpClient.connect(monitor.socketPath, { ...FAST, commandTimeoutMs: 10_000 });
    await expect(client.execute('quit')).rejects.toThrow(/closed before quit answered/);
    expect(client.isClosed).toBe(true);
    await expect(client.sendKey('ret')).rejects.toThrow(/QMP connection closed/);
    await monitor.close();
  });

  it('reports an error reply with its class and the command', async () => {
    const monitor = await fakeMonitor({
      onCommand: (command, socket) =>
        socket.write(
          JSON.stringify({
            error: { class: 'CommandNotFound', desc: 'The command nope has not been found' },
            id: command.id,
          }) + '\n',
        ),
    });
    const client = await QmpClient.connect(monitor.socketPath, FAST);
    await expect(client.execute('nope')).rejects.toThrow(
      'QMP error CommandNotFound: The command nope has not been found (nope)',
    );
    client.close();
    await monitor.close();
  });
});
