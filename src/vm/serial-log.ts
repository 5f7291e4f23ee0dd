/**
 * Follows the guest's serial console (a file QEMU appends to) line by line, as it is written: inotify for
 * immediacy, a short poll as a fallback for filesystems without it. The guest's "ready" line and the
 * firmware's boot lines are noticed within milliseconds.
 */
import { EventEmitter } from 'node:events';
import { closeSync, openSync, readSync, watch, writeFileSync, type FSWatcher } from 'node:fs';

const POLL_MS = 250;
const TAIL_LINES = 40;

/** Removes terminal control sequences (firmware and boot loaders paint the screen with them). */
export function plainText(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>c]|[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

export class SerialLog extends EventEmitter<{ line: [string]; partial: [string] }> {
  private readonly fd: number;
  private offset = 0;
  private partial = '';
  private readonly recent: string[] = [];
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private closed = false;

  /** Creates (truncates) the file and starts following it. */
  constructor(readonly file: string) {
    super();
    writeFileSync(file, '', { mode: 0o600 });
    this.fd = openSync(file, 'r');
    try {
      this.watcher = watch(file, () => this.readNew());
    } catch {
      this.watcher = undefined;
    }
    this.timer = setInterval(() => this.readNew(), POLL_MS);
  }

  /** Reads whatever was appended since the last read and emits complete lines. */
  readNew(): void {
    if (this.closed) return;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      let bytes: number;
      try {
        bytes = readSync(this.fd, chunk, 0, chunk.length, this.offset);
      } catch {
        return;
      }
      if (bytes <= 0) return;
      this.offset += bytes;
      this.partial += chunk.toString('utf8', 0, bytes);
      const lines = this.partial.split(/\r?\n|\r/);
      this.partial = lines.pop() ?? '';
      for (const raw of lines) this.accept(raw);
      // A prompt waiting for a key often has no newline yet.
      const pending = plainText(this.partial).trim();
      if (pending) this.emit('partial', pending);
    }
  }

  private accept(raw: string): void {
    const line = plainText(raw).trimEnd();
    if (!line) return;
    this.recent.push(line);
    if (this.recent.length > TAIL_LINES) this.recent.shift();
    this.emit('line', line);
  }

  /** The last lines seen, for error messages; a pending partial line (e.g. a prompt) is included. */
  tail(count = 15): string[] {
    const pending = plainText(this.partial).trim();
    const lines = pending ? [...this.recent, pending] : this.recent;
    return lines.slice(-count);
  }

  /** The text written so far but not yet ended by a newline (prompts often end without one). */
  get pendingText(): string {
    return plainText(this.partial);
  }

  /** Reads what is left, then stops following. Safe to call twice (a closed fd's number is reused). */
  close(): void {
    if (this.closed) return;
    this.readNew();
    this.closed = true;
    this.watcher?.close();
    clearInterval(this.timer);
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
