/**
 * Counts guest reboots from QMP RESET events. One reboot can raise several RESETs in a row (the kernel tries
 * reset methods in turn, the firmware resets again), so RESETs closer together than the debounce are one.
 */
export declare class RebootCounter {
    private readonly debounceMs;
    private last;
    private count;
    constructor(debounceMs: number);
    /** Records a RESET at `now` (ms); true when it starts a new reboot. */
    reset(now: number): boolean;
    get reboots(): number;
}
