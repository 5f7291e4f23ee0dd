import type { BuildOptions } from '../bake/options.js';
import { Timeline } from '../bake/timeline.js';
import { type ActionSettings } from './inputs.js';
import { type MediumReport } from './media.js';
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
