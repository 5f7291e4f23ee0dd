/**
 * The environment a child program (apt-get, QEMU, swtpm, qemu-img, xorriso) gets: the runner's, less what is
 * secret and none of their business: the action's inputs (the password among them), the Actions runtime's
 * tokens, GITHUB_TOKEN, and the CLI's password variable.
 */

/** The CLI reads the password from this variable, so that it is not on the command line. */
export const PASSWORD_ENV = 'BAKE_WINDOWS_PASSWORD';

const SECRET_NAMES = new Set(['GITHUB_TOKEN', PASSWORD_ENV]);
const SECRET_PREFIXES = ['INPUT_', 'ACTIONS_'];

/** `env` without the variables a child must not see. Pure. */
export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !SECRET_NAMES.has(name.toUpperCase()) &&
        !SECRET_PREFIXES.some((prefix) => name.toUpperCase().startsWith(prefix)),
    ),
  );
}
