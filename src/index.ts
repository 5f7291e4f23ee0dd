/** The GitHub Action entry point (bundled to dist/index.js); main and post share this bundle. */
import './shims.js';
import * as core from '@actions/core';
import { runMain } from './action/main.js';
import { runPost, STATE_IS_POST } from './action/post.js';

if (core.getState(STATE_IS_POST) === 'true') {
  await runPost();
} else {
  core.saveState(STATE_IS_POST, 'true');
  // The runner cancels a job with SIGINT, then SIGTERM: stop the build, which reaps QEMU and cleans up.
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => controller.abort(new Error(`received ${name}`)));
  }
  await runMain(controller.signal);
}
// The artifact client can leave retry timers and sockets behind after a failed upload: end here.
process.exit();
