/**
 * Every wait of a VM session, named, per accelerator. KVM runs Windows at near native speed; TCG emulates
 * the CPU (tests and the stand-in guest only) and needs longer for everything the guest does. A wait that
 * does not depend on the guest's speed is the same in both.
 */
import type { Accelerator } from '../targets.js';
export interface VmTimings {
    /** swtpm has its control socket ready. */
    tpmSocketMs: number;
    /** QEMU's QMP socket appears and greets (QEMU creates it within milliseconds of starting). */
    qmpConnectMs: number;
    /** A connect to QMP's socket refused between QEMU's bind and listen is tried again after this. */
    socketRetryMs: number;
    /** One QMP command's reply. */
    qmpCommandMs: number;
    /** RESET events closer together than this belong to one reboot. */
    rebootDebounceMs: number;
    /** After OVMF's "starting … DVD-ROM" line: time for a prompt mirrored on the serial console to show. */
    promptAfterFirmwareLineMs: number;
    /** A UEFI firmware that printed no boot line by then gets blind key presses (first boot only). */
    silentFirmwareMs: number;
    blindPressIntervalMs: number;
    blindPresses: number;
    /** SSH tries while no ready line has come over the serial port (a guest without COM1). */
    sshPollMs: number;
    /** One SSH login plus a short command. */
    sshCommandMs: number;
    /** After the ready line: retry SSH this often while sshd is still starting… */
    sshRetryAfterReadyMs: number;
    /** …and give up after this long: the guest said it is ready, but SSH never answered. */
    sshUnreachableAfterReadyMs: number;
    /** Fetching the first-logon log after a failed guest step. */
    guestLogFetchMs: number;
    /** A progress line at least this often. */
    heartbeatMs: number;
    /** The install disk's allocation is read this often (the phase tracker sees Setup start writing). */
    diskSampleMs: number;
    /** Optimize-Volume -ReTrim / defrag /L of C:. */
    trimMs: number;
    /** Zero-filling C:'s free space, the last resort when TRIM fails. */
    zeroFillMs: number;
    /** `shutdown /s` over SSH (the session usually drops at once). */
    shutdownCommandMs: number;
    /** sysprep /generalize /oobe /shutdown: from the command to the guest powering off by itself. */
    sysprepMs: number;
    /** The guest powers off after `shutdown /s`… */
    powerOffMs: number;
    /** …or after the ACPI power button… */
    acpiPowerOffMs: number;
    /** …or QEMU exits after QMP quit; then it is killed. */
    quitMs: number;
    /** SIGTERM → SIGKILL for QEMU and swtpm. */
    killGraceMs: number;
    /**
     * A reboot asked for over SSH (after updates or a provisioning script): from the request to the firmware's
     * reset. Windows installs pending updates before it restarts ("Working on updates"), which takes minutes.
     */
    rebootMs: number;
    /** From a reboot (or a boot of a cached base) to an SSH login: Windows may finish updates on the way up. */
    loginAfterBootMs: number;
    /** How often a login is tried while the guest comes up. */
    loginRetryMs: number;
    /** One Windows Update round's result is polled this often. */
    updatePollMs: number;
}
export declare const VM_TIMINGS: Readonly<Record<Accelerator, VmTimings>>;
