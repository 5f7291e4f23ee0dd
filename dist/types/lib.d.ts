/**
 * The library API: `new WindowsImageBuilder(options, logger, steps?, { onEvent }).build()`, and
 * `readWindowsImages(iso)`, and `pushImage(options)` (a baked qcow2 to an OCI registry).
 */
import './shims.js';
export { createSteps, WindowsImageBuilder, type BuildHooks, type BuildInput, type BuildPlan, type BuildResult, type StepChoices, } from './bake/builder.js';
export type { BaseUse, BuildContext, ImageResult, InstalledUpdate, Step } from './bake/context.js';
/** Live progress: the events (`hooks.onEvent`) and the timeline of phases (`builder.timeline`). */
export type { BuildEvent, BuildEventBody, BuildEventListener, BuildEvents } from './bake/events.js';
export { PHASES, Timeline, type PhaseName, type TimelineJson } from './bake/timeline.js';
export { DEFAULTS, LIMITS, type Accel, type BuildOptions, type Firmware, type WindowsOs, } from './bake/options.js';
export { optionsFromStrings, validateOptions, type OptionNaming, type RawOptions } from './bake/validate.js';
export { BuildError, ExitCode, type ErrorCode } from './errors.js';
export { silentLogger, type Logger } from './log.js';
/** What `list-editions` prints: the images of a Windows ISO's install.wim/esd, read in place. */
export { readWindowsImages, type WindowsImages } from './media/install-image.js';
export type { WimImage } from './media/wim.js';
export { osForImage } from './media/windows-media.js';
/** Publishing: a baked qcow2 to an OCI registry, as an artifact and/or a KubeVirt containerDisk. */
export { CONTAINERDISK_TAG_SUFFIX, pushImage, REGISTRY_FORMATS, type PushedManifest, type PushOptions, type PushResult, type RegistryFormat, } from './registry/push.js';
export type { Credentials } from './registry/auth.js';
/** The smallest `chunkSizeBytes` pushImage takes. */
export { MIN_CHUNK_BYTES } from './registry/chunks.js';
export { ARTIFACT_TYPE, QCOW2_LAYER_MEDIA_TYPE, type ImageMetadata } from './registry/formats.js';
