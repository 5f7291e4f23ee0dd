/**
 * Answers the installer's boot prompt: once, on the first boot only (see vm/boot-prompt.ts for why and how).
 * Uses: session (serial text, reboots, keys), the firmware. Produces: nothing; the watcher works in the
 * background from here on and stops at the first reboot, or in this step's cleanup.
 */
import { BootPromptWatcher } from '../../vm/boot-prompt.js';
import type { BuildContext, Step } from '../context.js';
import { bootsBase } from './vm-plan.js';

export class AnswerBootPrompt implements Step {
  readonly title = 'Watching for the boot prompt';
  private watcher?: BootPromptWatcher;
  private unsubscribe?: () => void;

  async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    if (session.reboots > 0) return; // too late: a later boot's prompt must not be answered
    if (bootsBase(context)) return; // no installer CD: the base boots from its disk
    const watcher = new BootPromptWatcher({
      firmware: session.spec.firmware.type,
      timings: session.timings,
      press: (why) => session.pressKey(why),
      warn: (message) => context.logger.warn(message),
    });
    const onText = (text: string): void => watcher.onText(text);
    const onReboot = (): void => {
      watcher.onReboot();
      this.stopWatching();
    };
    session.serial.on('line', onText);
    session.serial.on('partial', onText);
    session.on('reboot', onReboot);
    this.unsubscribe = () => {
      session.serial.off('line', onText);
      session.serial.off('partial', onText);
      session.off('reboot', onReboot);
    };
    this.watcher = watcher;
    // Text already seen before this step subscribed (the firmware is quick under KVM).
    for (const line of session.serial.tail(40)) watcher.onText(line);
  }

  async cleanup(): Promise<void> {
    this.stopWatching();
  }

  private stopWatching(): void {
    this.watcher?.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
