/**
 * The Action's thin shell: inputs → options → builder, with the password masked before anything logs.
 * Artifact upload, caching and the post step arrive with the Action issue.
 */
import * as core from '@actions/core';
import { WindowsImageBuilder } from '../build/builder.js';
import { optionsFromStrings, type RawOptionName } from '../build/validate.js';
import { asBuildError } from '../errors.js';
import type { Logger } from '../log.js';

const INPUTS: RawOptionName[] = [
  'iso',
  'virtio-win-iso',
  'output',
  'username',
  'password',
  'hostname',
  'edition',
  'os',
  'disk-size',
  'build-timeout',
  'memory',
  'cpus',
  'accel',
  'firmware',
  'timezone',
  'locale',
  'product-key',
  'work-dir',
  'keep-work-dir',
  'compress',
];

const actionLogger: Logger = {
  phase: (title) => core.info(`==> ${title}`),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  debug: (message) => core.debug(message),
};

export async function runAction(): Promise<void> {
  const password = core.getInput('password');
  if (password) core.setSecret(password);
  try {
    const raw = Object.fromEntries(INPUTS.map((name) => [name, core.getInput(name) || undefined]));
    const builder = new WindowsImageBuilder(optionsFromStrings(raw), actionLogger);
    const result = await builder.build();
    if (result.kind === 'image') {
      core.setOutput('image-path', result.image.path);
      core.setOutput('image-sha256', result.image.sha256);
      core.setOutput('image-size', result.image.sizeBytes);
      core.setOutput('virtual-size', result.image.virtualSizeBytes);
      core.setOutput('duration-seconds', Math.round(result.durationMs / 1000));
    }
  } catch (error) {
    const buildError = asBuildError(error);
    core.error(buildError.message, { title: 'bake-windows-image' });
    core.setFailed(buildError.hint ? `${buildError.message}\n${buildError.hint}` : buildError.message);
  }
}
