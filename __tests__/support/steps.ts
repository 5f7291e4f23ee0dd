/** Steps wrapped for tests: the swaps a test may make instead of knobs in production code. */
import { readFileSync } from 'node:fs';
import type { BuildContext } from '../../src/bake/context.js';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { ShutDown } from '../../src/bake/steps/shut-down.js';
import { PlanVm } from '../../src/bake/steps/vm-plan.js';
import type { VmSpec } from '../../src/tools/qemu.js';
import type { VmTimings } from '../../src/vm/timings.js';
import { hostKeyOf } from './boot.js';

/** The plan, with some of the session's waits changed. */
export class PlanVmWith extends PlanVm {
  constructor(private readonly waits: Partial<VmTimings>) {
    super();
  }

  override async run(context: BuildContext): Promise<void> {
    await super.run(context);
    context.timings = { ...context.timings!, ...this.waits };
  }
}

/** The VM with its QEMU command line edited. */
export class RunVmWithArgs extends RunVm {
  constructor(private readonly edit: (argv: string[]) => string[]) {
    super();
  }

  protected override qemuArgv(spec: VmSpec): string[] {
    return this.edit(super.qemuArgv(spec));
  }
}

/** The shutdown, with the host key the guest showed just before it and the whole serial log after it. */
export class ShutDownRecording extends ShutDown {
  hostKey = '';
  serial = '';

  override async run(context: BuildContext): Promise<void> {
    const session = context.session!;
    this.hostKey = await hostKeyOf(session.ssh);
    await super.run(context);
    this.serial = readFileSync(session.spec.serialLog, 'latin1');
  }
}
