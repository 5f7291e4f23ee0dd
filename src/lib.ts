/** The library API: `new WindowsImageBuilder(options, logger).build()`. */
export { WindowsImageBuilder, type BuildInput, type BuildPlan, type BuildResult } from './build/builder.js';
export type { ImageResult } from './build/context.js';
export {
  DEFAULTS,
  LIMITS,
  type Accel,
  type BuildOptions,
  type Firmware,
  type WindowsOs,
} from './build/options.js';
export { optionsFromStrings, validateOptions } from './build/validate.js';
export { BuildError, ExitCode, type ErrorCode } from './errors.js';
export { silentLogger, type Logger } from './log.js';
