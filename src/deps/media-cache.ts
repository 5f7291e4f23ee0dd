/**
 * A media cache that stays on the machine (a self-hosted runner's tool cache): files named by their sha256,
 * each verified on the way in (written to a temporary name, hashed, renamed), and an index from the cache key
 * (the Actions cache's: pinned sha256, or the URL) to the sha256. A hit is checked cheaply, size and the
 * hash memoised by size, mtime and inode, and hashed again when those changed. Eviction keeps the total under
 * a limit, least recently used first, never a file a running job uses (media-cache-users.ts).
 *
 * DIR/ (0700): index.json, lock, users/, files/SHA256 (0400), .tmp-PID-* while a file comes in.
 */
import { randomBytes } from 'node:crypto';
import {
  chmod,
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { formatBytes, type Logger } from '../log.js';
import { sha256File } from '../tools/hash.js';
import { chooseEvictions } from './media-cache-eviction.js';
import { addUser, filesInUse, isRunning, withLock } from './media-cache-users.js';

interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface FileEntry {
  size: number;
  lastUsedAt: string;
  /** The file as it was when last hashed: while it still looks so, the hash stands. */
  verified?: FileStamp;
}

interface Index {
  version: 1;
  /** Cache key → sha256. */
  keys: Record<string, string>;
  files: Record<string, FileEntry>;
}

export interface LocalHit {
  /** The cached file: read-only, never to be written. */
  path: string;
  sha256: string;
  size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class MediaCache {
  private readonly users: string[] = [];

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The cached file for `key` (and `sha256`, when pinned), marked as used by this process until release(). */
  async lookup(key: string, sha256?: string): Promise<LocalHit | undefined> {
    await this.prepare();
    return withLock(this.dir, async () => {
      const index = await this.readIndex();
      const hash = index.keys[key];
      const entry = hash === undefined ? undefined : index.files[hash];
      if (hash === undefined || !entry || (sha256 !== undefined && hash !== sha256)) return undefined;
      const file = this.fileOf(hash);
      const problem = await this.check(file, hash, entry);
      if (problem) {
        this.logger.warn(
          `The local media cache's copy for ${key} is unusable (${problem}): removed, fetching it again.`,
        );
        await this.forget(index, hash);
        await this.writeIndex(index);
        return undefined;
      }
      entry.lastUsedAt = this.now().toISOString();
      await this.writeIndex(index);
      this.users.push(await addUser(this.dir, hash));
      return { path: file, sha256: hash, size: entry.size };
    });
  }

  /**
   * Adds `source`, which must hash to `sha256`, under `key` (a hardlink where it can, else a copy), then evicts
   * down to the limit. The source stays where it is.
   */
  async add(key: string, source: string, sha256: string): Promise<void> {
    await this.prepare();
    const tmp = path.join(this.dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await link(source, tmp).catch(() => copyFile(source, tmp));
      const actual = await sha256File(tmp);
      if (actual !== sha256) {
        this.logger.warn(`Not caching ${source} locally: its sha256 is ${actual}, not ${sha256}.`);
        return;
      }
      await chmod(tmp, 0o400);
      await withLock(this.dir, async () => {
        await rename(tmp, this.fileOf(sha256));
        const stamp = stampOf(await stat(this.fileOf(sha256)));
        const index = await this.readIndex();
        index.keys[key] = sha256;
        index.files[sha256] = { size: stamp.size, lastUsedAt: this.now().toISOString(), verified: stamp };
        await this.evict(index);
        await this.writeIndex(index);
      });
      this.logger.info(`Kept ${path.basename(source)} in the local media cache ${this.dir}`);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Ends this process's use of the files it looked up. */
  async release(): Promise<void> {
    for (const file of this.users.splice(0)) await rm(file, { force: true });
  }

  private fileOf(sha256: string): string {
    return path.join(this.dir, 'files', sha256);
  }

  private async prepare(): Promise<void> {
    await mkdir(path.join(this.dir, 'files'), { recursive: true, mode: 0o700 });
    // mkdir leaves an existing directory's mode alone: the cache is the runner user's alone.
    await chmod(this.dir, 0o700);
  }

  /** Why the cached file is not `sha256`, or undefined when it is. Updates the memo after a full hash. */
  private async check(file: string, sha256: string, entry: FileEntry): Promise<string | undefined> {
    const stamp = await stat(file).then(stampOf, () => undefined);
    if (!stamp) return 'the file is missing';
    if (stamp.size !== entry.size) return `${formatBytes(stamp.size)}, not ${formatBytes(entry.size)}`;
    const memo = entry.verified;
    if (memo && memo.size === stamp.size && memo.mtimeMs === stamp.mtimeMs && memo.ino === stamp.ino) return;
    this.logger.info(
      `Checking the sha256 of the locally cached ${sha256} (it changed since it was last hashed)`,
    );
    const actual = await sha256File(file);
    if (actual !== sha256) return `its sha256 is ${actual}`;
    entry.verified = stamp;
    return undefined;
  }

  /** Removes a file and every key that leads to it from the index and the disk. */
  private async forget(index: Index, sha256: string): Promise<void> {
    delete index.files[sha256];
    for (const [key, hash] of Object.entries(index.keys)) if (hash === sha256) delete index.keys[key];
    await rm(this.fileOf(sha256), { force: true });
  }

  /** Under the lock: the least recently used files beyond the limit, strays and dead jobs' temporary files. */
  private async evict(index: Index): Promise<void> {
    const inUse = await filesInUse(this.dir);
    const records = Object.entries(index.files).map(([sha256, entry]) => ({ sha256, ...entry }));
    for (const sha256 of chooseEvictions(records, inUse, this.maxBytes)) {
      this.logger.info(
        `Evicting ${sha256} (${formatBytes(index.files[sha256]!.size)}) from the local media cache: over ${formatBytes(this.maxBytes)}`,
      );
      await this.forget(index, sha256);
    }
    for (const name of await readdir(path.join(this.dir, 'files'))) {
      if (!(name in index.files) && !inUse.has(name)) await rm(this.fileOf(name), { force: true });
    }
    for (const name of await readdir(this.dir)) {
      const pid = /^\.tmp-(\d+)-/.exec(name)?.[1];
      if (pid && !isRunning({ pid: Number(pid) })) await rm(path.join(this.dir, name), { force: true });
    }
  }

  private async readIndex(): Promise<Index> {
    const file = path.join(this.dir, 'index.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const empty: Index = { version: 1, keys: {}, files: {} };
    if (text === undefined) return empty;
    try {
      const index = JSON.parse(text) as Index;
      if (index.version !== 1 || typeof index.keys !== 'object' || typeof index.files !== 'object')
        return empty;
      for (const [key, hash] of Object.entries(index.keys)) {
        if (!SHA256.test(hash) || !index.files[hash]) delete index.keys[key];
      }
      return index;
    } catch {
      this.logger.warn(`The local media cache's index ${file} is unreadable: starting afresh.`);
      return empty;
    }
  }

  private async writeIndex(index: Index): Promise<void> {
    const file = path.join(this.dir, 'index.json');
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, `${JSON.stringify(index, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  }
}

function stampOf(s: { size: number; mtimeMs: number; ino: number }): FileStamp {
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
}
