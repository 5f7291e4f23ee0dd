/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm). Produces: session (QEMU running, its
 * monitor connected, the serial console followed, reboots counted). This step's cleanup stops QEMU, on
 * success (already powered off by then) and failure alike.
 */
import { qemuArgs, type VmSpec } from '../../tools/qemu.js';
import { VmSession } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';

export class RunVm implements Step {
  readonly title = 'Starting the VM';
  private session?: VmSession;

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
    });
    this.session.phase = 'booting the installer';
    context.session = this.session;
  }

  async cleanup(): Promise<void> {
    await this.session?.stop();
  }

  /** QEMU's command line for the plan. */
  protected qemuArgv(spec: VmSpec): string[] {
    return qemuArgs(spec);
  }
}
