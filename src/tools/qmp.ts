/**
 * A small QMP client (QEMU Machine Protocol, JSON lines over a unix socket): commands with replies in order,
 * and events (RESET on every guest reboot, SHUTDOWN, POWERDOWN) for whoever listens.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class QmpClient extends EventEmitter<{ event: [QmpEvent]; close: [] }> {
  private readonly socket: net.Socket;
  private buffer = '';
  private readonly pending: Pending[] = [];
  private closed = false;

  private constructor(socket: net.Socket) {
    super();
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const waiter of this.pending.splice(0)) waiter.reject(new Error('QMP connection closed'));
      this.emit('close');
    });
    socket.on('error', () => {
      // 'close' follows and rejects what is pending.
    });
  }

  /** Connects to a QMP socket and leaves capabilities negotiation mode. */
  static async connect(socketPath: string): Promise<QmpClient> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection(socketPath);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new QmpClient(socket);
    await client.greeting();
    await client.execute('qmp_capabilities');
    return client;
  }

  private greetingWaiter?: () => void;
  private greeted = false;

  private greeting(): Promise<void> {
    if (this.greeted) return Promise.resolve();
    return new Promise((resolve) => (this.greetingWaiter = resolve));
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) this.onMessage(JSON.parse(line) as Record<string, unknown>);
    }
  }

  private onMessage(message: Record<string, unknown>): void {
    if ('QMP' in message) {
      this.greeted = true;
      this.greetingWaiter?.();
    } else if ('event' in message) {
      this.emit('event', message as unknown as QmpEvent);
    } else if ('return' in message) {
      this.pending.shift()?.resolve(message.return);
    } else if ('error' in message) {
      const error = message.error as { class?: string; desc?: string };
      this.pending.shift()?.reject(new Error(`QMP error ${error.class ?? ''}: ${error.desc ?? ''}`.trim()));
    }
  }

  /** Runs a QMP command; resolves to its return value. Replies come back in order. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('QMP connection closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(
        JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n',
      );
    });
  }

  /** Presses and releases one key (a QEMU qcode, e.g. "ret", "spc"). */
  sendKey(qcode: string): Promise<unknown> {
    return this.execute('send-key', { keys: [{ type: 'qcode', data: qcode }] });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
