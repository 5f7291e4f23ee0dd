/**
 * Follows the guest's serial console (a file QEMU appends to) line by line, as it is written: inotify for
 * immediacy, a short poll as a fallback for filesystems without it. The guest's "ready" line and the
 * firmware's boot lines are noticed within milliseconds.
 */
import { EventEmitter } from 'node:events';
/** Removes terminal control sequences (firmware and boot loaders paint the screen with them). */
export declare function plainText(line: string): string;
export declare class SerialLog extends EventEmitter<{
    line: [string];
    partial: [string];
}> {
    readonly file: string;
    private readonly fd;
    private offset;
    private partial;
    private readonly recent;
    private watcher?;
    private timer?;
    private closed;
    /** Creates (truncates) the file and starts following it. */
    constructor(file: string);
    /** Reads whatever was appended since the last read and emits complete lines. */
    readNew(): void;
    private accept;
    /** The last lines seen, for error messages; a pending partial line (e.g. a prompt) is included. */
    tail(count?: number): string[];
    /** The text written so far but not yet ended by a newline (prompts often end without one). */
    get pendingText(): string;
    /** Reads what is left, then stops following. Safe to call twice (a closed fd's number is reused). */
    close(): void;
}
