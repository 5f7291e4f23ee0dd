/** The Action's logger: lines through @actions/core, warnings as annotations. */
import * as core from '@actions/core';
import type { Logger } from '../log.js';

export const actionLogger: Logger = {
  // Phases are shown as lines here: the builder runs inside one log group per action phase.
  phase: (title) => core.info(`==> ${title}`),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  debug: (message) => core.debug(message),
};
