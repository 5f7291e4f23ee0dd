import type { VmSession } from '../vm/session.js';
import type { BuildContext } from './context.js';
/**
 * Tries an SSH login until one works: the guest is up again. A refused password is final; QEMU exiting
 * fails at once; the wait is bounded by `timings.loginAfterBootMs`, the deadline and cancellation.
 */
export declare function waitForLogin(context: BuildContext, session: VmSession, why: string): Promise<void>;
/** Restarts the guest and waits until it takes an SSH login again. */
export declare function rebootGuest(context: BuildContext, session: VmSession, why: string): Promise<void>;
/**
 * Powers the guest off with QEMU's shutdown action set to pause: the guest shuts Windows down cleanly, QEMU
 * flushes the disk and halts instead of exiting. `resumeFromPowerOff` boots it again in the same QEMU.
 */
export declare function powerOffAndHold(context: BuildContext, session: VmSession): Promise<void>;
/** Boots the halted VM again (a reset, then run) and restores the normal power-off (QEMU exits). */
export declare function resumeFromPowerOff(session: VmSession): Promise<void>;
