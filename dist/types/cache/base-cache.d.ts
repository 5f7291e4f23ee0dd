import { type BaseRecord } from './base-record.js';
import { type EvictedBase, type EvictLimits } from './evict.js';
import { type LockOptions } from './build-lock.js';
import type { RecordedInputs } from './key.js';
export interface CachedBase {
    key: string;
    dir: string;
    /** Read-only: only ever an overlay's backing file. */
    disk: string;
    ovmfVars?: string;
    tpmDir?: string;
    record: BaseRecord;
}
export type LookupResult = {
    hit: true;
    base: CachedBase;
} | {
    hit: false;
    reason: string;
};
export interface StoreSources {
    /** The install disk, after a clean shutdown. */
    disk: string;
    /** A QEMU halted after the guest's power-off still holds the disk open (qemu-img convert -U). */
    inUse?: boolean;
    ovmfVars?: string;
    tpmDir?: string;
}
export declare class BaseCache {
    readonly dir: string;
    private constructor();
    /** Opens (creating) DIR with bases/ and locks/, all 0700. */
    static open(dir: string): BaseCache;
    baseDir(key: string): string;
    /** A verified base, or a miss with its reason. A corrupt base nobody uses is removed. */
    lookup(key: string, signal?: AbortSignal): Promise<LookupResult>;
    private verify;
    /** Holds off other builders of `key` while this one makes its base; resolves to the release. */
    lock(key: string, options: LockOptions): Promise<() => Promise<void>>;
    /**
     * Compacts `sources.disk` into bases/.KEY.tmp-…/disk.qcow2 (zstd, parallel), copies the firmware state,
     * writes base.json, makes the disk 0400 and renames the whole directory to bases/KEY.
     */
    store(key: string, sources: StoreSources, inputs: RecordedInputs, signal?: AbortSignal): Promise<CachedBase>;
    /** Removes the oldest bases (by lastUsedAt) beyond the limits, never one in use or being built. */
    evict(limits: EvictLimits): Promise<EvictedBase[]>;
    /** Registers this build as a user of the base (eviction skips it) and marks it used now. */
    use(key: string): () => void;
}
