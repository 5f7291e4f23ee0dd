/**
 * Answers the installer's "Press any key to boot from CD or DVD" exactly once, on the first boot only: a key
 * at a later prompt would restart Setup and wipe the disk. Windows' EFI loader prints its prompt on the
 * screen, not the serial port, so under UEFI the firmware's serial line "BdsDxe: starting Boot… UEFI QEMU
 * DVD-ROM" says the loader is starting; its prompt then waits ~5 s, and a key pressed meanwhile is buffered
 * by the firmware. On BIOS, Windows media boot a blank disk without a prompt: nothing is pressed unless a
 * prompt shows. Pure: fed serial text and reboots, it calls `press`; timers are its only clock.
 */
import { TimerSet } from './timers.js';

/** Windows' EFI loader prompt, and the stand-in's (which also prints it on the serial console). */
export const BOOT_PROMPT = /Press any key to boot from (CD|DVD|CD or DVD)/i;
/** Debian's OVMF logs this on the serial port right before it runs the CD's boot loader. */
export const FIRMWARE_CD_BOOT = /BdsDxe: starting Boot[0-9A-Fa-f]{4} "UEFI QEMU DVD-ROM/;

export interface BootPromptTimings {
  promptAfterFirmwareLineMs: number;
  silentFirmwareMs: number;
  blindPressIntervalMs: number;
  blindPresses: number;
}

export interface BootPromptWatcherOptions {
  firmware: 'bios' | 'uefi';
  timings: BootPromptTimings;
  /** Sends one key. `why` is for the log. */
  press: (why: string) => void;
  warn: (message: string) => void;
}

export class BootPromptWatcher {
  private reboots = 0;
  private answered = false;
  private firmwareLineSeen = false;
  private readonly timers = new TimerSet();
  private stopped = false;

  constructor(private readonly options: BootPromptWatcherOptions) {
    if (options.firmware === 'uefi')
      this.timers.after(options.timings.silentFirmwareMs, () => this.pressBlindly());
  }

  /** Serial console text: a complete line, or a pending one (a prompt waiting for a key has no newline). */
  onText(text: string): void {
    if (this.done) return;
    if (BOOT_PROMPT.test(text)) {
      this.answer('prompt on the serial console');
    } else if (this.options.firmware === 'uefi' && FIRMWARE_CD_BOOT.test(text) && !this.firmwareLineSeen) {
      this.firmwareLineSeen = true;
      this.timers.after(this.options.timings.promptAfterFirmwareLineMs, () =>
        this.answer('firmware started the DVD boot loader'),
      );
    }
  }

  /** The guest rebooted: from now on every prompt is a later boot's, and must not be answered. */
  onReboot(): void {
    this.reboots++;
    this.clearTimers();
  }

  /** Keys sent so far (prompt answers and blind presses). */
  keysSent = 0;

  stop(): void {
    this.stopped = true;
    this.clearTimers();
  }

  private get done(): boolean {
    return this.stopped || this.answered || this.reboots > 0;
  }

  private answer(why: string): void {
    if (this.done) return;
    this.answered = true;
    this.clearTimers();
    this.keysSent++;
    this.options.press(why);
  }

  /** Firmware that logs nothing on the serial port: a few blind presses, first boot only. */
  private pressBlindly(): void {
    if (this.done || this.firmwareLineSeen) return;
    this.options.warn(
      'The firmware printed no boot line on the serial port; pressing a key blindly (first boot only).',
    );
    let presses = 0;
    const next = (): void => {
      if (this.done || this.firmwareLineSeen || presses >= this.options.timings.blindPresses) return;
      presses++;
      this.keysSent++;
      this.options.press(`no boot line from the firmware, blind press ${presses}`);
      this.timers.after(this.options.timings.blindPressIntervalMs, next);
    };
    next();
  }

  private clearTimers(): void {
    this.timers.clear();
  }
}
