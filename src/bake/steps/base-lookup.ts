/**
 * --base-cache: the key of this build's base (everything that shapes the install: the media's sha256, the
 * rendered answer medium with the password as a keyed hash, firmware, disk size, OS and edition, this tool's
 * version) and whether the cache has it. A hit: the build boots it. A miss: the build installs, holding the
 * key's lock so that a second build of the same key waits and then hits; KeepBase stores it.
 * Uses: options, os, renderedFiles, deadline. Produces: base (and baseCache, the open cache).
 * Cleanup: releases the lock and the use of the base; after a success, evicts beyond the limits.
 */
import path from 'node:path';
import { BaseCache, baseKey, cacheSecret, memoisedSha256, type LookupResult } from '../../cache/index.js';
import { BuildError } from '../../errors.js';
import { formatBytes, type Logger } from '../../log.js';
import { secretForms } from '../../unattend/secret-forms.js';
import { VERSION } from '../../version.js';
import { PROGRAMS, requireProgram } from '../../tools/exec.js';
import type { BuildContext, Step } from '../context.js';
import { firstLine } from '../host-facts.js';
import { remainingMs } from '../deadline.js';

export class LookUpBase implements Step {
  readonly title = 'Looking up the cached base';
  private release?: () => void;

  async run(context: BuildContext): Promise<void> {
    const { options, logger } = context;
    const cache = openCache(options.baseCache!);
    const media = [options.iso, options.virtioWinIso, ...(options.opensshMsi ? [options.opensshMsi] : [])];
    const firmwareCode = context.firmware ? [context.firmware.code] : [];
    const hashes = await memoisedSha256(
      cache.dir,
      [...media, ...firmwareCode].map((file) => path.resolve(file)),
    );
    const [isoSha256, virtioSha256] = hashes;
    const opensshMsiSha256 = options.opensshMsi ? hashes[2] : undefined;
    const qemu = await firstLine(requireProgram(PROGRAMS.qemuSystem), ['--version']);
    const platform = [qemu, ...(context.firmware ? [`OVMF code sha256 ${hashes.at(-1)}`] : [])].join('; ');
    const { key, recorded } = baseKey(
      {
        isoSha256: isoSha256!,
        virtioSha256: virtioSha256!,
        opensshMsiSha256,
        renderedFiles: context.renderedFiles!,
        firmware: options.firmware,
        diskSizeMiB: options.diskSizeMiB,
        os: context.os!,
        edition: options.edition,
        toolVersion: VERSION,
        platform,
      },
      {
        password: options.password,
        cacheSecret: cacheSecret(cache.dir),
        passwordForms: secretForms(options.password),
      },
    );
    context.baseCache = { cache, recorded };
    let found = await cache.lookup(key, context.signal);
    if (found.hit) found = this.using(cache, found, logger);
    if (!found.hit) {
      logger.info(`Base ${short(key)}: ${found.reason}`);
      const held = context.baseCache;
      held.unlock = await cache.lock(key, {
        timeoutMs: remainingMs(context),
        signal: context.signal,
        onWait: () => logger.info(`Base ${short(key)}: another build is making it; waiting for it`),
      });
      found = await cache.lookup(key, context.signal);
      if (found.hit) found = this.using(cache, found, logger);
      if (found.hit) {
        await held.unlock();
        held.unlock = undefined;
      }
    }
    if (found.hit) {
      const { base } = found;
      context.base = { key, status: 'hit', disk: base.disk, ovmfVars: base.ovmfVars, tpmDir: base.tpmDir };
      logger.info(
        `Base ${short(key)}: hit (made ${base.record.createdAt}, ${formatBytes(base.record.disk.sizeBytes)}): no install`,
      );
    } else {
      context.base = { key, status: 'miss' };
      logger.info(`Base ${short(key)}: miss: installing, then keeping the installed system as the base`);
    }
  }

  /** Registers this build as the base's user; a base evicted since the lookup is a miss. */
  private using(cache: BaseCache, found: Extract<LookupResult, { hit: true }>, logger: Logger): LookupResult {
    try {
      this.release = cache.use(found.base.key);
      return found;
    } catch (error) {
      logger.debug(`Base ${short(found.base.key)}: ${(error as Error).message}`);
      return { hit: false, reason: 'the base was evicted by another build just now' };
    }
  }

  async cleanup(context: BuildContext, succeeded: boolean): Promise<void> {
    this.release?.();
    const held = context.baseCache;
    if (held?.unlock) await held.unlock().catch(() => undefined);
    if (!held || !succeeded) return;
    const { options, logger } = context;
    try {
      const evicted = await held.cache.evict({
        keepNewest: options.baseCacheKeep,
        maxBytes: options.baseCacheMaxMiB > 0 ? options.baseCacheMaxMiB * 1024 * 1024 : undefined,
      });
      for (const base of evicted)
        logger.info(`Base ${short(base.key)} evicted (${formatBytes(base.sizeBytes)})`);
    } catch (error) {
      logger.warn(`Could not evict old bases from ${held.cache.dir}: ${(error as Error).message}`);
    }
  }
}

/** The first 12 hex digits: enough to tell bases apart in a log. */
export function short(key: string): string {
  return key.slice(0, 12);
}

function openCache(dir: string): BaseCache {
  try {
    return BaseCache.open(dir);
  } catch (error) {
    throw new BuildError(
      'output-unwritable',
      `Cannot use ${dir} as the base cache: ${(error as Error).message}`,
      {
        hint: 'Give --base-cache a directory this user can create and write, on a disk with room for a compacted Windows install.',
      },
    );
  }
}
