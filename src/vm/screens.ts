/**
 * Screenshots of the running VM, kept in the work dir: every `intervalMs`, and whenever the session asks
 * (a reboot, a phase change, a failure). A frame identical to the one before is not kept twice, and the set is
 * bounded (the first of each phase plus the last `keepLast`), so a slow install cannot fill the disk. Taking
 * a screenshot never throws into the build: a failed one is a debug line.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { decodePng } from '../tools/png.js';

export interface ScreenRecorderOptions {
  /** Where the PNGs go (`<workDir>/screens`). */
  dir: string;
  /** One screenshot, as PNG bytes. */
  grab: () => Promise<Buffer>;
  /** What the build does now (the session's phase): part of each file name. */
  phase: () => string;
  /** 0: no timer, only the captures asked for. */
  intervalMs: number;
  logger: Logger;
  /** How many of the latest screenshots stay (besides the first of each phase). */
  keepLast?: number;
  /** Told of each PNG kept. */
  onSaved?: (file: string, reason: string) => void;
}

interface Kept {
  file: string;
  firstOfPhase: boolean;
}

export const KEEP_LAST = 20;

/** A file-name part: "Windows Setup (2 reboots so far)" → "windows-setup". */
export function slug(text: string): string {
  return (
    text
      .replace(/\([^)]*\)/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'none'
  );
}

/** What makes two frames the same: their pixels (two PNG encoders may differ for one picture). */
function frameHash(png: Buffer): string {
  let pixels: Buffer = png;
  try {
    pixels = decodePng(png).data;
  } catch {
    // Not a PNG this decoder reads: the bytes are the next best thing.
  }
  return createHash('sha256').update(pixels).digest('hex');
}

export class ScreenRecorder {
  private readonly kept: Kept[] = [];
  private readonly phasesSeen = new Set<string>();
  private readonly keepLast: number;
  private lastHash?: string;
  private count = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: ScreenRecorderOptions) {
    this.keepLast = options.keepLast ?? KEEP_LAST;
    try {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      options.logger.debug(`No screenshots: cannot create ${options.dir}: ${(error as Error).message}`);
      this.stopped = true;
      return;
    }
    if (options.intervalMs > 0) {
      this.timer = setInterval(() => void this.capture('interval'), options.intervalMs);
      // A screenshot timer alone must not keep the process alive.
      this.timer.unref();
    }
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Takes one screenshot now; the PNG kept, or undefined (same as the last frame, failed, stopped). */
  capture(reason: string): Promise<string | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    // The phase when asked (a reboot's screenshot belongs to the phase the reboot ended), and one at a time: the
    // numbering and the "same as the last frame" check follow the order of the calls.
    const phase = slug(this.options.phase());
    const taken = this.queue.then(() => this.take(reason, phase));
    this.queue = taken;
    return taken;
  }

  /** The PNGs kept, oldest first. */
  files(): string[] {
    return this.kept.map((entry) => entry.file);
  }

  latest(): string | undefined {
    return this.kept.at(-1)?.file;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async take(reason: string, phase: string): Promise<string | undefined> {
    if (this.stopped) return undefined;
    try {
      const png = await this.options.grab();
      const hash = frameHash(png);
      if (hash === this.lastHash) return undefined;
      const number = String(++this.count).padStart(4, '0');
      const file = path.join(this.options.dir, `${number}-${phase}-${slug(reason)}.png`);
      await writeFile(file, png, { mode: 0o600 });
      this.lastHash = hash;
      this.kept.push({ file, firstOfPhase: !this.phasesSeen.has(phase) });
      this.phasesSeen.add(phase);
      await this.prune();
      this.options.onSaved?.(file, reason);
      return file;
    } catch (error) {
      this.options.logger.debug(`Screenshot (${reason}) not taken: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Drops what is neither the first of its phase nor among the last `keepLast`. */
  private async prune(): Promise<void> {
    const recent = this.kept.length - this.keepLast;
    const dropped = this.kept.filter((entry, index) => index < recent && !entry.firstOfPhase);
    if (dropped.length === 0) return;
    for (const entry of dropped) this.kept.splice(this.kept.indexOf(entry), 1);
    await Promise.all(dropped.map((entry) => rm(entry.file, { force: true })));
  }
}
