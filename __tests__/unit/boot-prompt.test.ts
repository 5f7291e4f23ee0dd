/** The boot-prompt watcher with fake timers: one key on the first boot only, for every kind of firmware. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BootPromptWatcher, type BootPromptTimings } from '../../src/vm/boot-prompt.js';
import { RebootCounter } from '../../src/vm/reboot-counter.js';
import { VM_TIMINGS } from '../../src/vm/timings.js';

const OVMF_CD_LINE = 'BdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM QM00001 " from PciRoot(0x0)/Pci(0x1F,0x2)';
const PROMPT = '\x1b[2JPress any key to boot from CD or DVD...';
const timings: BootPromptTimings = VM_TIMINGS.kvm;

function watcher(firmware: 'bios' | 'uefi') {
  const presses: string[] = [];
  const warnings: string[] = [];
  const instance = new BootPromptWatcher({
    firmware,
    timings,
    press: (why) => presses.push(why),
    warn: (message) => warnings.push(message),
  });
  return { instance, presses, warnings };
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('BootPromptWatcher', () => {
  it('BIOS: never presses on a silent first boot (Windows media boot a blank disk without a prompt)', () => {
    const { instance, presses } = watcher('bios');
    instance.onText('SeaBIOS (version 1.16.2-debian-1.16.2-1)');
    instance.onText('Booting from DVD/CD...');
    jest.advanceTimersByTime(10 * 60_000);
    expect(presses).toEqual([]);
    expect(instance.keysSent).toBe(0);
  });

  it('BIOS: answers a prompt that shows on the first boot, once', () => {
    const { instance, presses } = watcher('bios');
    instance.onText(PROMPT);
    instance.onText(PROMPT);
    expect(presses).toEqual(['prompt on the serial console']);
  });

  it('UEFI: presses a while after the firmware starts the DVD loader, once', () => {
    const { instance, presses } = watcher('uefi');
    instance.onText(OVMF_CD_LINE);
    jest.advanceTimersByTime(timings.promptAfterFirmwareLineMs - 1);
    expect(presses).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(presses).toEqual(['firmware started the DVD boot loader']);
    instance.onText(OVMF_CD_LINE);
    instance.onText(PROMPT);
    jest.advanceTimersByTime(10 * 60_000);
    expect(presses).toHaveLength(1);
  });

  it('UEFI: a prompt mirrored on the serial console is answered at once, and the pending press dropped', () => {
    const { instance, presses } = watcher('uefi');
    instance.onText(OVMF_CD_LINE);
    jest.advanceTimersByTime(100);
    instance.onText(PROMPT);
    expect(presses).toEqual(['prompt on the serial console']);
    jest.advanceTimersByTime(60_000);
    expect(presses).toHaveLength(1);
  });

  it('UEFI, silent firmware: a bounded number of blind presses, then nothing', () => {
    const { instance, presses, warnings } = watcher('uefi');
    jest.advanceTimersByTime(timings.silentFirmwareMs - 1);
    expect(presses).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(warnings).toHaveLength(1);
    jest.advanceTimersByTime(60 * 60_000);
    expect(presses).toHaveLength(timings.blindPresses);
    expect(instance.keysSent).toBe(timings.blindPresses);
  });

  it('UEFI, silent firmware: blind presses stop at the first reboot', () => {
    const { instance, presses } = watcher('uefi');
    jest.advanceTimersByTime(timings.silentFirmwareMs + 2 * timings.blindPressIntervalMs);
    expect(presses).toHaveLength(3);
    instance.onReboot();
    jest.advanceTimersByTime(60 * 60_000);
    expect(presses).toHaveLength(3);
  });

  it('UEFI: no blind press once the firmware spoke, even if it never got to the DVD', () => {
    const { instance, presses } = watcher('uefi');
    instance.onText(OVMF_CD_LINE);
    instance.onReboot(); // before the press was due
    jest.advanceTimersByTime(60 * 60_000);
    expect(presses).toEqual([]);
  });

  it('a prompt at a later boot is never answered (it would restart Setup and wipe the disk)', () => {
    for (const firmware of ['bios', 'uefi'] as const) {
      const { instance, presses } = watcher(firmware);
      instance.onReboot();
      instance.onText(OVMF_CD_LINE);
      instance.onText(PROMPT);
      jest.advanceTimersByTime(60 * 60_000);
      expect(presses).toEqual([]);
    }
  });

  it('stop() cancels everything pending', () => {
    const { instance, presses } = watcher('uefi');
    instance.onText(OVMF_CD_LINE);
    instance.stop();
    instance.onText(PROMPT);
    jest.advanceTimersByTime(60 * 60_000);
    expect(presses).toEqual([]);
  });

  it('TCG waits longer than KVM for the prompt and for silent firmware', () => {
    expect(VM_TIMINGS.tcg.promptAfterFirmwareLineMs).toBeGreaterThan(
      VM_TIMINGS.kvm.promptAfterFirmwareLineMs,
    );
    expect(VM_TIMINGS.tcg.silentFirmwareMs).toBeGreaterThan(VM_TIMINGS.kvm.silentFirmwareMs);
  });
});

describe('RebootCounter', () => {
  it('counts RESETs closer together than the debounce as one reboot', () => {
    const counter = new RebootCounter(2000);
    expect(counter.reset(10_000)).toBe(true);
    expect(counter.reset(10_500)).toBe(false);
    expect(counter.reset(12_000)).toBe(false); // 1.5 s after the previous RESET: still the same reboot
    expect(counter.reset(14_000)).toBe(true);
    expect(counter.reboots).toBe(2);
  });
});
