/**
 * The GitHub Action entry point (bundled to dist/index.js); main and post share this bundle.
 * Only @actions/core loads up front: the password is masked and the first line printed at once, and the
 * heavy part (artifact and cache clients, ssh2) loads after that.
 */
import * as core from '@actions/core';
import { runPost, STATE_IS_POST } from './action/post.js';
import { VERSION } from './version.js';

if (core.getState(STATE_IS_POST) === 'true') {
  await runPost();
} else {
  core.saveState(STATE_IS_POST, 'true');
  const password = core.getInput('password', { trimWhitespace: false });
  if (password) core.setSecret(password);
  for (const name of ['registry-password', 'github-token']) {
    const secret = core.getInput(name, { trimWhitespace: false });
    if (secret) core.setSecret(secret);
  }
  core.info(`bake-windows-image ${VERSION}`);
  // The runner cancels a job with SIGINT, then SIGTERM: stop the build, which reaps QEMU and cleans up.
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => controller.abort(new Error(`received ${name}`)));
  }
  await import('./shims.js');
  const { runMain } = await import('./action/main.js');
  await runMain(controller.signal);
}
// The artifact client can leave retry timers and sockets behind after a failed upload: end here.
process.exit();
