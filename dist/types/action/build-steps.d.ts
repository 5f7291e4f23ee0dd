/**
 * The action's build: the library's steps as the options choose them, with one of the action's own (saving the
 * downloaded media) placed right after admission.
 */
import { type BuildHooks, type BuildInput, type BuildResult } from '../bake/builder.js';
import type { Step } from '../bake/context.js';
import type { FetchedMedium } from './media.js';
/**
 * The build, with the fetched media saved to the Actions cache and kept in the local media cache once
 * preflight accepted them (a medium it refuses is never cached). The saves run during the build; its end
 * waits for them, the Actions cache's within their budget.
 */
export declare function buildSavingMedia(options: BuildInput, media: readonly Pick<FetchedMedium, 'save' | 'keepLocally'>[], signal: AbortSignal, hooks?: BuildHooks): Promise<BuildResult>;
/**
 * The build's steps as the options choose them (generalize, updates, provisioning…), `step` right after
 * admission: the media are kept (a copy into the local media cache) only once the build has its share of
 * the host.
 */
export declare function actionSteps(options: BuildInput, step: Step): Step[];
export declare function afterAdmission(steps: Step[], step: Step): Step[];
