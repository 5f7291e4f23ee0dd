/**
 * A long-running child (QEMU, swtpm): started with an argv, its stderr kept for error messages, its exit
 * observable as a promise, and always reaped — stop() escalates from SIGTERM to SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { childEnvironment } from './child-env.js';
import { lastLines } from './exec.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ManagedProcess {
  readonly name: string;
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private stderr = '';
  private exit?: ProcessExit;

  constructor(executable: string, args: readonly string[], options: { cwd?: string } = {}) {
    this.name = path.basename(executable);
    this.child = spawn(executable, args, {
      cwd: options.cwd,
      env: childEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-16 * 1024);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.stderr += `\n${error.message}`;
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** What the process wrote to stderr (its last 16 KiB). */
  stderrText(): string {
    return this.stderr;
  }

  stderrTail(lines = 10): string {
    return lastLines(this.stderr.trim(), lines);
  }

  describeExit(): string {
    if (!this.exit) return `${this.name} is still running`;
    if (this.exit.signal) return `${this.name} was killed by ${this.exit.signal}`;
    return `${this.name} exited with code ${this.exit.code}`;
  }

  /** Waits up to `ms` for the process to exit by itself; true when it did. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.running) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([this.exited.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is reaped. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    if (await this.waitForExit(graceMs)) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
