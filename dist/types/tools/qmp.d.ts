/**
 * A small QMP client (QEMU Machine Protocol, JSON lines over a unix socket): commands with replies in order,
 * and events (RESET on every guest reboot, SHUTDOWN, POWERDOWN) for whoever listens.
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
export declare class QmpClient extends EventEmitter<{
    event: [QmpEvent];
    close: [];
}> {
    private readonly socket;
    private buffer;
    private readonly pending;
    private closed;
    private constructor();
    /** Connects to a QMP socket and leaves capabilities negotiation mode. */
    static connect(socketPath: string): Promise<QmpClient>;
    private greetingWaiter?;
    private greeted;
    private greeting;
    private onData;
    private onMessage;
    /** Runs a QMP command; resolves to its return value. Replies come back in order. */
    execute(command: string, args?: Record<string, unknown>): Promise<unknown>;
    /** Presses and releases one key (a QEMU qcode, e.g. "ret", "spc"). */
    sendKey(qcode: string): Promise<unknown>;
    get isClosed(): boolean;
    close(): void;
}
