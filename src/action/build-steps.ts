/**
 * The action's build: the library's steps as the options choose them, with one of the action's own (saving the
 * downloaded media) placed right after admission.
 */
import {
  createDryRunSteps,
  createSteps,
  WindowsImageBuilder,
  type BuildHooks,
  type BuildInput,
  type BuildResult,
} from '../bake/builder.js';
import type { Step } from '../bake/context.js';
import { Admission } from '../bake/steps/admission.js';
import type { RunningSave } from '../deps/actions-cache.js';
import { BuildError } from '../errors.js';
import { actionLogger } from './logger.js';
import type { FetchedMedium } from './media.js';

/**
 * The build, with the fetched media saved to the Actions cache and kept in the local media cache once
 * preflight accepted them (a medium it refuses is never cached). The saves run during the build; its end
 * waits for them, the Actions cache's within their budget.
 */
export async function buildSavingMedia(
  options: BuildInput,
  media: readonly Pick<FetchedMedium, 'save' | 'keepLocally'>[],
  signal: AbortSignal,
  hooks: BuildHooks = {},
): Promise<BuildResult> {
  const saves: RunningSave[] = [];
  const keeping: Promise<void>[] = [];
  const local = media.some((medium) => medium.keepLocally);
  const steps = actionSteps(options, {
    title: `Saving the downloaded media to the Actions cache${local ? ' and the local media cache' : ''}`,
    run: () => {
      for (const medium of media) {
        if (medium.save) saves.push(medium.save());
        if (medium.keepLocally) keeping.push(medium.keepLocally());
      }
      return Promise.resolve();
    },
  });
  try {
    return await new WindowsImageBuilder(options, actionLogger, steps, hooks).build(signal);
  } finally {
    await Promise.all(keeping);
    for (const running of saves) await running.wait(signal);
  }
}

/**
 * The build's steps as the options choose them (generalize, updates, provisioning…), `step` right after
 * admission: the media are kept (a copy into the local media cache) only once the build has its share of
 * the host.
 */
export function actionSteps(options: BuildInput, step: Step): Step[] {
  return afterAdmission(options.dryRun ? createDryRunSteps() : createSteps(options), step);
}

export function afterAdmission(steps: Step[], step: Step): Step[] {
  const at = steps.findIndex((s) => s instanceof Admission);
  if (at < 0) throw new BuildError('internal', 'The build has no admission step');
  return [...steps.slice(0, at + 1), step, ...steps.slice(at + 1)];
}
