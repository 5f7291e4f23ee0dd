/** The GitHub Action entry point (bundled to dist/index.js); main and post share this bundle. */
import './shims.js';
import { runAction } from './action/main.js';

await runAction();
