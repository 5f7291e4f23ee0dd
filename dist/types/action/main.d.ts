import { type BuildHooks, type BuildInput, type BuildResult } from '../bake/builder.js';
import type { Step } from '../bake/context.js';
import type { BuildOptions } from '../bake/options.js';
import { Timeline } from '../bake/timeline.js';
import { type ActionSettings } from './inputs.js';
import { type FetchedMedium, type MediumReport } from './media.js';
import { type BuiltImage, type FailureSummaryInput } from './summary.js';
export declare function runMain(signal: AbortSignal): Promise<void>;
/**
 * A built image: its outputs first (a later `if: always()` step needs image-path even when the upload
 * fails), then the artifact and the summary. A failure here says where the image is and how to keep it.
 */
export declare function publishImage(result: BuiltImage, settings: ActionSettings, options: BuildOptions, timeline?: Timeline, media?: readonly MediumReport[]): Promise<void>;
/**
 * One annotation per failure (setFailed would add a second one without the title), and the summary; a
 * failure bundle is uploaded first, so that both can name its artifact.
 */
export declare function fail(error: unknown, context: Omit<FailureSummaryInput, 'error' | 'bundle'>, upload?: Pick<ActionSettings, 'artifactName' | 'retentionDays'>): Promise<void>;
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
