/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm), the timeline.
 * Produces: session (QEMU running, its monitor connected, the serial console followed, reboots counted, its
 * phases tracked into the timeline). This step's cleanup stops QEMU, on success (already powered off by
 * then) and failure alike.
 */
import { qemuArgs, type VmSpec } from '../../tools/qemu.js';
import { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { emitScreenshot } from '../events.js';
import { followVm } from '../vm-progress.js';

export class RunVm implements Step {
  readonly title = 'Starting the VM';
  private session?: VmSession;
  private unfollow?: () => void;

  async run(context: BuildContext): Promise<void> {
    const spec = context.vm!;
    this.session = await VmSession.start({
      spec,
      argv: this.qemuArgv(spec),
      timings: context.timings!,
      ssh: {
        host: '127.0.0.1',
        port: spec.sshHostPort,
        username: context.options.username,
        password: context.options.password,
      },
      logger: context.logger,
      startedAt: context.startedAt,
      onScreenshot: (file, reason) => emitScreenshot(context.events, file, reason),
    });
    this.session.phase = 'booting the installer';
    this.unfollow = followVm(context, this.session);
    context.session = this.session;
  }

  async cleanup(): Promise<void> {
    this.unfollow?.();
    await this.session?.stop();
  }

  /** QEMU's command line for the plan. */
  protected qemuArgv(spec: VmSpec): string[] {
    return qemuArgs(spec);
  }
}
