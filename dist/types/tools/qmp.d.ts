/**
 * A small QMP client (QEMU Machine Protocol, JSON lines over a unix socket): commands with replies matched by
 * id, and events (RESET on every guest reboot, SHUTDOWN, POWERDOWN) for whoever listens. Every wait is
 * bounded: the greeting, each command; a closed socket rejects whatever is pending. A line that is not JSON
 * is reported as an event, never thrown inside the socket's handler.
 */
import { EventEmitter } from 'node:events';
export interface QmpEvent {
    event: string;
    data?: Record<string, unknown>;
    timestamp?: {
        seconds: number;
        microseconds: number;
    };
}
export interface QmpOptions {
    /** Bound for connecting and the greeting together (capabilities negotiation is a command). */
    connectTimeoutMs: number;
    /** Bound for each command's reply (unless a call gives its own). */
    commandTimeoutMs: number;
}
export declare const DEFAULT_QMP_OPTIONS: QmpOptions;
export declare class QmpError extends Error {
    constructor(message: string);
}
export declare class QmpClient extends EventEmitter<{
    event: [QmpEvent];
    malformed: [string];
    close: [];
}> {
    private readonly socket;
    private readonly options;
    private buffer;
    private readonly pending;
    private nextId;
    private closed;
    private greetingSeen;
    private greeted?;
    /** QEMU's version from its greeting (screendump's PNG needs 7.1). */
    qemuVersion?: {
        major: number;
        minor: number;
        micro: number;
    };
    private constructor();
    /** Connects to a QMP socket, waits for QEMU's greeting and leaves capabilities negotiation mode. */
    static connect(socketPath: string, options?: QmpOptions): Promise<QmpClient>;
    private greeting;
    private onData;
    private onLine;
    /** Runs a QMP command; resolves to its return value, rejects on an error reply, a timeout or a close. */
    execute(command: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
    /** Presses and releases one key (a QEMU qcode, e.g. "ret", "spc"). */
    sendKey(qcode: string): Promise<unknown>;
    /** Writes the guest's screen to a file on the host: PNG (QEMU ≥ 7.1) or PPM (any QEMU, without `format`). */
    screendump(filename: string, format?: 'png' | 'ppm'): Promise<unknown>;
    get isClosed(): boolean;
    close(): void;
}
