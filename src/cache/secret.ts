/**
 * DIR/secret: 32 random bytes, 0600, made once. The password enters the cache key only as
 * HMAC-SHA256(secret, password), so the key (and base.json) cannot be checked against guessed passwords
 * by anyone who cannot read the secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';

export const SECRET_BYTES = 32;

/** The secret; undefined when there is none yet or it has the wrong size; any other failure is an error. */
function readSecret(file: string): Buffer | undefined {
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BuildError(
      'output-unwritable',
      `Cannot read the base cache's secret ${file}: ${(error as Error).message}`,
      {
        hint: 'The base cache must be readable and writable by the user that runs the build.',
      },
    );
  }
  return secret.length === SECRET_BYTES ? secret : undefined;
}

/** The cache's secret, created on first use. Written beside and linked into place: never seen half-written. */
export function cacheSecret(cacheDir: string): Buffer {
  const file = path.join(cacheDir, 'secret');
  const existing = readSecret(file);
  if (existing) return existing;
  // A wrong-sized secret is useless (no key made with it can be found again): replace it. A missing one is
  // made; the link below never replaces one another build made meanwhile.
  if (existsSync(file)) rmSync(file, { force: true });
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file); // fails if another build made it first: then theirs is the secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) {
    throw new BuildError('input-invalid', `${file} is not ${SECRET_BYTES} bytes`, {
      hint: 'Delete it: the base cache makes a new one (and builds its bases again).',
    });
  }
  return secret;
}
