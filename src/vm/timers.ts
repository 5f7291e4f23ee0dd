/** Timers that belong to one watcher and are cleared together when it stops. */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Runs `action` once after `ms`, unless cleared first. */
  after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** Runs `action` every `ms` until cleared. */
  every(ms: number, action: () => void): void {
    this.timers.add(setInterval(action, ms));
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
