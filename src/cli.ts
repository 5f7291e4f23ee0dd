#!/usr/bin/env node
import './shims.js';
/**
 * The CLI entry point (bundled to dist/cli.js). SIGINT/SIGTERM cancel the build, which then cleans up
 * (children reaped, work dir removed) before exiting; a second signal exits at once.
 */
import { runCli } from './cli/main.js';

const controller = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    signals++;
    if (signals > 1) process.exit(1);
    process.stderr.write(`\nReceived ${name}: cancelling the build and cleaning up…\n`);
    controller.abort(new Error(`received ${name}`));
  });
}

process.exitCode = await runCli(process.argv.slice(2), undefined, controller.signal);
