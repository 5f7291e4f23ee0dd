/** Child programs never see the action's inputs, the runtime's tokens, GITHUB_TOKEN or the password variable. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { childEnvironment, PASSWORD_ENV } from '../../src/tools/child-env.js';
import { run } from '../../src/tools/exec.js';
import { ManagedProcess } from '../../src/tools/process.js';

const SECRETS = {
  INPUT_PASSWORD: 'in-put',
  ACTIONS_RUNTIME_TOKEN: 'run-time',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  GITHUB_TOKEN: 'ghs_token',
  [PASSWORD_ENV]: 'pass-word',
};
const SHOWN = /^(INPUT_|ACTIONS_|GITHUB_TOKEN|BAKE_WINDOWS_PASSWORD|KEEP_ME)/;

let saved: NodeJS.ProcessEnv;
beforeAll(() => {
  saved = { ...process.env };
  Object.assign(process.env, SECRETS, { KEEP_ME: 'yes' });
});
afterAll(() => {
  process.env = saved;
});

function shownVariables(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => SHOWN.test(line))
    .sort();
}

describe('the environment of child programs', () => {
  it('run() passes everything else and none of the secrets', async () => {
    const { stdout } = await run('/usr/bin/env', []);
    expect(shownVariables(stdout)).toEqual(['KEEP_ME=yes']);
  });

  it('a managed process (QEMU, swtpm) likewise', async () => {
    const child = new ManagedProcess('/bin/sh', ['-c', 'env >&2']);
    await child.exited;
    expect(shownVariables(child.stderrTail(1000))).toEqual(['KEEP_ME=yes']);
  });

  it('filters by name, whatever the case, and leaves the PATH', () => {
    const env = childEnvironment({ PATH: '/usr/bin', input_x: '1', Github_Token: '2', ACTIONSX: '3' });
    expect(env).toEqual({ PATH: '/usr/bin', ACTIONSX: '3' });
  });
});
