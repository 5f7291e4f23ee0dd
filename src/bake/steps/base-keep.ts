/**
 * A base cache miss: once Windows is installed and ready, its free space is trimmed and it powers off while
 * QEMU holds the VM; the disk (with the UEFI vars and TPM state it needs) is stored as the base, then the
 * same VM boots again for updates and provisioning. A base that cannot be stored is a warning: the build
 * goes on. Uses: base, baseCache, session, disk, vm, workDir. Produces: the stored base (base.disk).
 */
import { formatBytes, formatDuration } from '../../log.js';
import type { BuildContext, Step } from '../context.js';
import { holdAtPowerOff, powerOffAndHold, resumeFromPowerOff, waitForLogin } from '../guest-login.js';
import { short } from './base-lookup.js';
import { tpmStateDir } from './start-tpm.js';
import { TrimFreeSpace } from './trim.js';
import { BuildError } from '../../errors.js';

export class KeepBase implements Step {
  readonly title = 'Keeping the installed system as the base';

  async run(context: BuildContext): Promise<void> {
    const { base, baseCache, logger } = context;
    if (base?.status !== 'miss' || !baseCache) return;
    const session = context.session!;
    context.timeline.start('base');
    if (!(await holdAtPowerOff(session))) {
      logger.warn(
        `Base ${short(base.key)} not kept: this QEMU cannot hold a VM at power-off (QMP set-action needs QEMU 6.0 or later); the build goes on without it`,
      );
      await baseCache.unlock?.().catch(() => undefined);
      baseCache.unlock = undefined;
      return;
    }
    // The base is compacted: what Windows freed (Setup's files) must not be copied.
    await new TrimFreeSpace().run(context);
    await powerOffAndHold(context, session);
    const started = Date.now();
    const spec = session.spec;
    try {
      const stored = await baseCache.cache.store(
        base.key,
        {
          disk: context.disk!,
          inUse: true,
          ovmfVars: spec.firmware.type === 'uefi' ? spec.firmware.vars : undefined,
          tpmDir: spec.tpmSocket ? tpmStateDir(context.workDir!) : undefined,
        },
        baseCache.recorded,
        context.signal,
      );
      Object.assign(base, { disk: stored.disk, ovmfVars: stored.ovmfVars, tpmDir: stored.tpmDir });
      logger.info(
        `Base ${short(base.key)} kept in ${formatDuration(Date.now() - started)} (${formatBytes(stored.record.disk.sizeBytes)})`,
      );
    } catch (error) {
      if (error instanceof BuildError && error.code === 'cancelled') throw error;
      logger.warn(
        `Could not keep the base in ${baseCache.cache.dir}: ${(error as Error).message}; the build goes on without it`,
      );
    } finally {
      await baseCache.unlock?.().catch(() => undefined);
      baseCache.unlock = undefined;
    }
    await resumeFromPowerOff(session);
    await waitForLogin(context, session, 'after the base was kept');
  }
}
