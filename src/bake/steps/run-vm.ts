/**
 * Starts the VM. Uses: vm (the plan), timings, the account, the TPM on vm.tpmSocket (StartTpm), the work dir,
 * --screenshot-interval and the timeline. Produces: session (QEMU running, its monitor connected, the serial
 * console followed, reboots counted, screenshots in <workDir>/screens, its phases tracked into the timeline).
 * This step's cleanup stops QEMU, on success (already powered off by then) and failure alike.
 */
import path from 'node:path';
import { BuildError } from '../../errors.js';
import { qemuArgs, type VmSpec } from '../../tools/qemu.js';
import { VmSession, type VmSessionOptions } from '../../vm/session.js';
import type { BuildContext, Step } from '../context.js';
import { followVm } from '../vm-progress.js';
import { freeLoopbackPort } from './vm-plan.js';

/** How often QEMU is started again when another process took its SSH port between the plan and QEMU's bind. */
const PORT_RACE_TRIES = 3;

/** QEMU's words when the SSH forward's port is taken (slirp's bind failed). */
export function lostPortRace(error: unknown): boolean {
  return error instanceof BuildError && /Could not set up host forwarding rule/.test(error.message);
}

export class RunVm implements Step {
  readonly title = 'Starting the VM';
  private session?: VmSession;
  private unfollow?: () => void;

  async run(context: BuildContext): Promise<void> {
    // The port was free when planned; another build (or anything) may bind it before QEMU does: a new one.
    // swtpm (--terminate) serves the next QEMU too: QEMU sets up its -netdev, where the forward fails, before
    // it initialises the TPM, so the failed one never started a TPM session (ssh-port-race.test.ts holds it).
    for (let attempt = 1; ; attempt++) {
      try {
        await this.start(context);
        return;
      } catch (error) {
        if (!lostPortRace(error) || attempt >= PORT_RACE_TRIES) throw error;
        const port = await freeLoopbackPort();
        context.logger.info(
          `The SSH port ${context.vm!.sshHostPort} was taken before QEMU bound it; trying ${port}`,
        );
        context.vm = { ...context.vm!, sshHostPort: port };
      }
    }
  }

  private async start(context: BuildContext): Promise<void> {
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

/** Screenshots named by the timeline's phase: 0007-setup-devices-reboot.png. */
function screensOf(context: BuildContext): VmSessionOptions['screens'] {
  const seconds = context.options.screenshotIntervalSeconds;
  if (seconds <= 0) return undefined;
  return {
    dir: path.join(context.workDir!, 'screens'),
    intervalMs: seconds * 1000,
    phase: () => context.timeline.current?.name ?? 'boot',
  };
}
