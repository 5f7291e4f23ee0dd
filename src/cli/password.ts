/**
 * Where the CLI's password comes from: `--password TEXT` (visible to every local user in /proc/PID/cmdline),
 * `--password-file PATH`, or the BAKE_WINDOWS_PASSWORD variable. At most one; none means the default.
 */
import { readFileSync } from 'node:fs';
import { BuildError } from '../errors.js';
import { PASSWORD_ENV } from '../tools/child-env.js';

export interface PasswordSources {
  password?: string;
  passwordFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** The password the user gave, or undefined for the default. Throws a usage error on two sources. */
export function passwordFromSources({
  password,
  passwordFile,
  env = process.env,
}: PasswordSources): string | undefined {
  const fromEnv = env[PASSWORD_ENV];
  const given = [
    password !== undefined && '--password',
    passwordFile !== undefined && '--password-file',
    fromEnv !== undefined && PASSWORD_ENV,
  ].filter((name): name is string => name !== false);
  if (given.length > 1) {
    throw new BuildError('usage', `The password is given twice: ${given.join(' and ')}`, {
      hint: `Give it one way: --password-file PATH or ${PASSWORD_ENV} keep it off the command line.`,
    });
  }
  if (passwordFile !== undefined) return readPasswordFile(passwordFile);
  return password ?? fromEnv;
}

/** The file's text, less one trailing line end (what `echo … > file` adds); nothing else is trimmed. */
function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BuildError('input-unreadable', `--password-file ${file}: ${(error as Error).message}`, {
      hint: 'Give a file you can read that holds the password.',
    });
  }
  return text.replace(/\r?\n$/, '');
}
