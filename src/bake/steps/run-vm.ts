/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm), the work dir and
 * --screenshot-interval. Produces: session (QEMU running, its monitor connected, the serial console followed,
 * reboots counted, screenshots in <workDir>/screens). This step's cleanup stops QEMU, on success (already
 * powered off by then) and failure alike.
 */
import path from 'node:path';
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
      screens: screensOf(context),
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

function screensOf(context: BuildContext): { dir: string; intervalMs: number } | undefined {
  const seconds = context.options.screenshotIntervalSeconds;
  return seconds > 0
    ? { dir: path.join(context.workDir!, 'screens'), intervalMs: seconds * 1000 }
    : undefined;
}
