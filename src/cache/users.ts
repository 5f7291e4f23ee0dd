/**
 * bases/KEY/users/: one file per build using the base as a backing file, named by pid and start time. A
 * base with a live user is never evicted or removed; an entry whose process is gone is stale and ignored.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { currentProcess, isAlive, type ProcessIdentity } from '../tools/process-identity.js';

export function usersDir(baseDir: string): string {
  return path.join(baseDir, 'users');
}

/**
 * Registers this process as a user of the base; the returned function unregisters it. Not recursive: a base
 * evicted meanwhile fails here (ENOENT) instead of coming back as an empty directory.
 */
export function registerUser(baseDir: string): () => void {
  const me = currentProcess();
  const dir = usersDir(baseDir);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Unique per registration: two builds in one process (the library) each hold their own.
  const file = path.join(
    dir,
    `${me.pid}-${me.startTime ?? 'unknown'}-${randomBytes(4).toString('hex')}.json`,
  );
  writeFileAtomic(file, `${JSON.stringify({ ...me, since: new Date().toISOString() })}\n`);
  return () => rmSync(file, { force: true });
}

/** The processes registered as users that are still running. */
export function liveUsers(baseDir: string): ProcessIdentity[] {
  let names: string[];
  try {
    names = readdirSync(usersDir(baseDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const live: ProcessIdentity[] = [];
  for (const name of names) {
    try {
      const entry = JSON.parse(readFileSync(path.join(usersDir(baseDir), name), 'utf8')) as ProcessIdentity;
      if (isAlive({ pid: entry.pid, startTime: entry.startTime })) live.push(entry);
    } catch {
      // Unreadable: a half-removed entry, not a user.
    }
  }
  return live;
}
