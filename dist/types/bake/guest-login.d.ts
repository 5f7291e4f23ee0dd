/**
 * The guest after it is ready: logging in again once it has rebooted (after updates, after a provisioning
 * script, on a cached base's first boot), asking it to reboot, and powering it off while QEMU holds the VM
 * (for the base cache: the disk is complete, QEMU is still there to boot it again).
 */
import { type ErrorCode } from '../errors.js';
import type { VmSession } from '../vm/session.js';
import type { BuildContext } from './context.js';
/**
 * Tries an SSH login until one works: the guest is up again. A refused password is final; QEMU exiting
 * fails at once; the wait is bounded by `timings.loginAfterBootMs`, the deadline and cancellation.
 */
export declare function waitForLogin(context: BuildContext, session: VmSession, why: string): Promise<void>;
/**
 * Restarts the guest and waits until it takes an SSH login again. `rebootsBefore`: the reboot count before
 * whatever asked for the restart ran (a script exiting 1641 has started it already): a restart seen since
 * then is not asked for again.
 */
export declare function rebootGuest(context: BuildContext, session: VmSession, why: string, rebootsBefore?: number): Promise<void>;
/**
 * Powers the guest off once holdAtPowerOff has set QEMU's shutdown action to pause: the guest shuts Windows
 * down cleanly, QEMU flushes the disk and halts instead of exiting. `resumeFromPowerOff` boots it again in the same QEMU.
 */
export declare function powerOffAndHold(context: BuildContext, session: VmSession): Promise<void>;
/**
 * Makes QEMU halt the VM at the guest's power-off instead of exiting (QMP set-action, QEMU ≥ 6.0); false when
 * this QEMU cannot (the power-off would end the VM).
 */
export declare function holdAtPowerOff(session: VmSession): Promise<boolean>;
/** Boots the halted VM again (a reset, then run) and restores the normal power-off (QEMU exits). */
export declare function resumeFromPowerOff(session: VmSession): Promise<void>;
/**
 * An SSH action of a step after ready, bounded by the deadline and cancellation: a refused password is final,
 * a guest that went away names what was under way, anything else is a BuildError of `code`.
 */
export declare function guestAction<T>(context: BuildContext, what: string, code: ErrorCode, action: () => Promise<T>): Promise<T>;
