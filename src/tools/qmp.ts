/**
 * A small QMP client (QEMU Machine Protocol, JSON lines over a unix socket): commands with replies matched by
 * id, and events (RESET on every guest reboot, SHUTDOWN, POWERDOWN) for whoever listens. Every wait is
 * bounded: the greeting, each command; a closed socket rejects whatever is pending. A line that is not JSON
 * is reported as an event, never thrown inside the socket's handler.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface QmpOptions {
  /** Bound for connecting and the greeting together (capabilities negotiation is a command). */
  connectTimeoutMs: number;
  /** Bound for each command's reply (unless a call gives its own). */
  commandTimeoutMs: number;
}

export const DEFAULT_QMP_OPTIONS: QmpOptions = { connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 };

export class QmpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QmpError';
  }
}

export class QmpClient extends EventEmitter<{ event: [QmpEvent]; malformed: [string]; close: [] }> {
  private buffer = '';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private greetingSeen = false;
  private greeted?: () => void;
  /** QEMU's version from its greeting (screendump's PNG needs 7.1). */
  qemuVersion?: { major: number; minor: number; micro: number };

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: QmpOptions,
  ) {
    super();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const [id, waiter] of this.pending) {
        clearTimeout(waiter.timer);
        this.pending.delete(id);
        waiter.reject(new QmpError(`QMP connection closed before ${waiter.command} answered`));
      }
      this.emit('close');
    });
    socket.on('error', () => {
      // 'close' follows and rejects what is pending.
    });
  }

  /** Connects to a QMP socket, waits for QEMU's greeting and leaves capabilities negotiation mode. */
  static async connect(socketPath: string, options: QmpOptions = DEFAULT_QMP_OPTIONS): Promise<QmpClient> {
    const socket = net.createConnection(socketPath);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QmpError(`QMP did not greet within ${options.connectTimeoutMs / 1000} s`)),
        options.connectTimeoutMs,
      );
    });
    try {
      const client = await Promise.race([
        new Promise<QmpClient>((resolve, reject) => {
          socket.once('error', reject);
          socket.once('connect', () => {
            socket.off('error', reject);
            resolve(new QmpClient(socket, options));
          });
        }),
        deadline,
      ]);
      await Promise.race([client.greeting(), deadline]);
      await client.execute('qmp_capabilities');
      return client;
    } catch (error) {
      socket.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private greeting(): Promise<void> {
    if (this.greetingSeen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.greeted = resolve;
      this.once('close', () => reject(new QmpError('QMP connection closed before the greeting')));
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) this.onLine(line);
    }
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.emit('malformed', line);
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.emit('malformed', line);
      return;
    }
    const record = message as Record<string, unknown>;
    if ('QMP' in record) {
      const version = (record.QMP as { version?: { qemu?: QmpClient['qemuVersion'] } } | undefined)?.version;
      this.qemuVersion = version?.qemu;
      this.greetingSeen = true;
      this.greeted?.();
    } else if ('event' in record) {
      this.emit('event', record as unknown as QmpEvent);
    } else if ('return' in record || 'error' in record) {
      const waiter = typeof record.id === 'number' ? this.pending.get(record.id) : undefined;
      if (!waiter) return; // the reply to a command that already timed out
      this.pending.delete(record.id as number);
      clearTimeout(waiter.timer);
      if ('return' in record) {
        waiter.resolve(record.return);
      } else {
        const error = record.error as { class?: string; desc?: string } | undefined;
        waiter.reject(
          new QmpError(`QMP error ${error?.class ?? ''}: ${error?.desc ?? ''} (${waiter.command})`.trim()),
        );
      }
    } else {
      this.emit('malformed', line);
    }
  }

  /** Runs a QMP command; resolves to its return value, rejects on an error reply, a timeout or a close. */
  execute(command: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new QmpError('QMP connection closed'));
    const id = this.nextId++;
    const bound = timeoutMs ?? this.options.commandTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new QmpError(`QMP ${command} got no answer within ${bound / 1000} s`));
      }, bound);
      this.pending.set(id, { command, resolve, reject, timer });
      this.socket.write(
        JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id }) + '\n',
      );
    });
  }

  /** Presses and releases one key (a QEMU qcode, e.g. "ret", "spc"). */
  sendKey(qcode: string): Promise<unknown> {
    return this.execute('send-key', { keys: [{ type: 'qcode', data: qcode }] });
  }

  /** Writes the guest's screen to a file on the host: PNG (QEMU ≥ 7.1) or PPM (any QEMU, without `format`). */
  screendump(filename: string, format?: 'png' | 'ppm'): Promise<unknown> {
    return this.execute('screendump', { filename, ...(format ? { format } : {}) });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
