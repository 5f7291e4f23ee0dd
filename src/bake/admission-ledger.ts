/**
 * The host-wide ledger of admission reservations: one JSON file per running build in a shared directory,
 * read and written under one lock (proper-lockfile), so that two builds starting at once decide one after
 * the other. A record whose process is gone (same pid, same start time: tools/process-identity.ts) is
 * ignored and removed: a SIGKILLed build holds nothing. Another user's dead record cannot be removed here (the
 * sticky bit): it is ignored. Another user's stale lock cannot be taken over either: a clear error names it.
 *
 * DIR/ (1777, like /tmp: builds of several users share it): BUILD-ID.json (0644, no secrets), .lock
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { BuildError } from '../errors.js';
import { isAlive, type ProcessIdentity } from '../tools/process-identity.js';
import { canWriteIn } from './host-resources.js';

/** Tests (and hosts that want another place) name the ledger directory here. */
export const ADMISSION_DIR_ENV = 'BAKE_ADMISSION_DIR';
export const DEFAULT_ADMISSION_DIR = '/var/tmp/bake-windows-image/admission';

export interface Reservation extends ProcessIdentity {
  buildId: string;
  memoryMiB: number;
  cpus: number;
  /** What the build's work dir grows to, on filesystem `device` (st_dev). */
  diskBytes: number;
  device: string;
  /** The work dir: what is in it is written already (no longer to be subtracted from free space). */
  workDir: string;
  startedAt: string;
}

/** `dir`, made if missing, and writable by this user. */
function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o777 });
  } catch {
    return false;
  }
  return canWriteIn(dir);
}

/**
 * The ledger: $BAKE_ADMISSION_DIR, else /var/tmp/bake-windows-image/admission (host-wide), else one under
 * $XDG_RUNTIME_DIR or the temp dir (this user's builds only: said in notes/admission.md).
 */
export function admissionDir(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[ADMISSION_DIR_ENV];
  if (given) return path.resolve(given);
  const candidates = [
    DEFAULT_ADMISSION_DIR,
    ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'bake-windows-image-admission')] : []),
    path.join(os.tmpdir(), 'bake-windows-image-admission'),
  ];
  for (const dir of candidates) {
    if (writable(dir)) {
      // Shared by every user's builds; each removes only its own records (the sticky bit).
      if (dir === DEFAULT_ADMISSION_DIR) {
        try {
          chmodSync(dir, 0o1777);
        } catch {
          // Made by another user: it set the mode.
        }
      }
      return dir;
    }
  }
  return candidates[candidates.length - 1]!;
}

const isRecordName = (name: string): boolean => /^[\w-]+\.json$/.test(name);

function readRecord(file: string): Reservation | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Reservation;
    return Number.isInteger(record.pid) && typeof record.buildId === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The live reservations; dead processes' records are removed (where this user may). Call under the lock. */
export function liveReservations(dir: string): Reservation[] {
  const live: Reservation[] = [];
  for (const name of readdirSync(dir).filter(isRecordName)) {
    const file = path.join(dir, name);
    const record = readRecord(file);
    if (record && isAlive(record)) live.push(record);
    else if (record) removeIfAllowed(file);
    // An unreadable record is one being renamed into place this instant, or garbage: skipped.
  }
  return live;
}

/** Removes a dead build's record; another user's, in the sticky ledger dir, stays (and stays ignored). */
function removeIfAllowed(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // EPERM: not ours to remove. Its process is gone, so it holds nothing.
  }
}

/** The lock is taken over after this long without a refresh (its holder died). */
const LOCK_STALE_MS = 10_000;

const lockPath = (dir: string): string => path.join(dir, '.lock');

/**
 * True when the ledger's lock is stale and this user may not remove it: another user's, in a sticky dir
 * that is not ours (root may remove anything). proper-lockfile would retry its removal and fail with EPERM.
 */
function foreignStaleLock(dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return false;
  try {
    const lock = statSync(lockPath(dir));
    const ledger = statSync(dir);
    const sticky = (ledger.mode & 0o1000) !== 0 && ledger.uid !== uid;
    return sticky && lock.uid !== uid && lock.mtimeMs < Date.now() - LOCK_STALE_MS;
  } catch {
    return false;
  }
}

function strandedLock(dir: string): BuildError {
  const lock = lockPath(dir);
  return new BuildError(
    'host-busy',
    `The admission ledger's lock ${lock} was left behind by another user's build that died, and this user may not remove it`,
    {
      hint: `Remove it (sudo rmdir ${lock}): no build holds it. Or give this build a ledger of its own with ${ADMISSION_DIR_ENV} (it then does not see the other users' builds).`,
    },
  );
}

/** Runs `fn` holding the ledger's lock (held for milliseconds: a short wait, no deadline of its own). */
export async function withLedgerLock<T>(dir: string, fn: () => T | Promise<T>): Promise<T> {
  if (foreignStaleLock(dir)) throw strandedLock(dir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: lockPath(dir),
      realpath: false,
      stale: LOCK_STALE_MS,
      retries: { retries: 200, minTimeout: 10, maxTimeout: 100 },
      onCompromised: () => undefined,
    });
  } catch (error) {
    // The check above raced with the lock going stale: proper-lockfile's own removal was refused.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EACCES') throw strandedLock(dir);
    throw error;
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

function recordFile(dir: string, buildId: string): string {
  return path.join(dir, `${buildId}.json`);
}

/** Writes the build's record (whole, then renamed: a reader never sees half). Call under the lock. */
export function writeReservation(dir: string, reservation: Reservation): void {
  const file = recordFile(dir, reservation.buildId);
  const partial = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(partial, `${JSON.stringify(reservation)}\n`, { mode: 0o644 });
  renameSync(partial, file);
}

/** Gives the reservation back; its removal wakes the builds waiting in waitForLedgerChange. */
export function releaseReservation(dir: string, buildId: string): void {
  rmSync(recordFile(dir, buildId), { force: true });
}

/**
 * Resolves when something in the ledger changes (a build ended or started) or after `pollMs` (a killed
 * build removes nothing, and other programs free memory unannounced), whichever is first.
 */
export function waitForLedgerChange(dir: string, pollMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    try {
      watcher = watch(dir, (_event, name) => {
        if (name && isRecordName(name)) done();
      });
      watcher.on('error', () => undefined);
    } catch {
      // No inotify here: the poll alone.
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
