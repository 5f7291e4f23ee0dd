/**
 * Counts guest reboots from QMP RESET events. One reboot can raise several RESETs in a row (the kernel tries
 * reset methods in turn, the firmware resets again), so RESETs closer together than the debounce are one.
 */
export class RebootCounter {
  private last = Number.NEGATIVE_INFINITY;
  private count = 0;

  constructor(private readonly debounceMs: number) {}

  /** Records a RESET at `now` (ms); true when it starts a new reboot. */
  reset(now: number): boolean {
    const sameReboot = now - this.last < this.debounceMs;
    this.last = now;
    if (sameReboot) return false;
    this.count++;
    return true;
  }

  get reboots(): number {
    return this.count;
  }
}
