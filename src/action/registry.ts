/**
 * The action's `publish` input and the `registry-*` inputs: where the built image goes besides (or instead of)
 * the workflow artifact. Read and checked before the build (a bad reference fails in seconds, exit 2); the
 * push runs after the build succeeded, and a failed push fails the job with the image still at image-path.
 */
import * as core from '@actions/core';
import type { BuildOptions } from '../bake/options.js';
import { BuildError } from '../errors.js';
import type { ImageMetadata } from '../registry/formats.js';
import {
  pushImage,
  REGISTRY_FORMATS,
  type PushOptions,
  type PushResult,
  type RegistryFormat,
} from '../registry/push.js';
import { checkTag, parseReference } from '../registry/reference.js';
import { VERSION } from '../version.js';
import { actionLogger } from './logger.js';
import type { BuiltImage } from './summary.js';

export const PUBLISH_TARGETS = ['artifact', 'oci', 'none'] as const;
export type PublishTarget = 'artifact' | 'oci';

export const REGISTRY_INPUTS = [
  'publish',
  'registry-ref',
  'registry-format',
  'registry-tags',
  'registry-moving-tag',
  'registry-username',
  'registry-password',
  'registry-insecure',
] as const;

export interface RegistrySettings {
  ref: string;
  format: RegistryFormat;
  tags: string[];
  movingTag?: string;
  insecure: boolean;
  username?: string;
  password?: string;
}

export interface PublishSettings {
  targets: PublishTarget[];
  /** With oci among the targets. */
  registry?: RegistrySettings;
}

function list(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Inputs (by name, as core.getInput gives them) → what to publish where. Pure; throws usage errors. */
export function publishSettings(input: (name: string) => string, env: NodeJS.ProcessEnv): PublishSettings {
  const given = list(input('publish').toLowerCase());
  const wrong = given.find((target) => !(PUBLISH_TARGETS as readonly string[]).includes(target));
  if (wrong) {
    throw new BuildError('invalid-option', `Input publish: "${wrong}" is not a target`, {
      hint: 'Give artifact, oci, both (artifact, oci), or none.',
    });
  }
  if (given.includes('none') && given.length > 1) {
    throw new BuildError('invalid-option', 'Input publish: none goes alone', {
      hint: 'Give none, or the targets.',
    });
  }
  const targets = (given.length === 0 ? ['artifact'] : given.filter((t) => t !== 'none')) as PublishTarget[];
  if (!targets.includes('oci')) return { targets };
  let ref = input('registry-ref').trim();
  if (!ref) {
    if (!env.GITHUB_REPOSITORY) {
      throw new BuildError('invalid-option', 'Input registry-ref is empty and GITHUB_REPOSITORY is not set', {
        hint: 'Set registry-ref, e.g. ghcr.io/OWNER/windows.',
      });
    }
    ref = `ghcr.io/${env.GITHUB_REPOSITORY.toLowerCase()}`;
  }
  // Names built from GitHub contexts (github.repository_owner) keep the owner's capitals, which no registry
  // takes in a repository name: lower-cased here as GitHub's own docs do by hand; the tag keeps its case.
  ref = lowerCaseRepository(ref);
  parseReference(ref);
  const format = (input('registry-format').trim() || 'artifact') as RegistryFormat;
  if (!REGISTRY_FORMATS.includes(format)) {
    throw new BuildError('invalid-option', `Input registry-format: "${format}" is not a format`, {
      hint: `Give ${REGISTRY_FORMATS.join(', ')}.`,
    });
  }
  const insecureText = input('registry-insecure').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(insecureText)) {
    throw new BuildError(
      'invalid-option',
      `Input registry-insecure: "${insecureText}" is not true or false`,
      {
        hint: 'Set registry-insecure: true only for a plain-http registry.',
      },
    );
  }
  const movingTag = input('registry-moving-tag').trim();
  return {
    targets,
    registry: {
      ref,
      format,
      tags: list(input('registry-tags')).map(checkTag),
      ...(movingTag ? { movingTag: checkTag(movingTag) } : {}),
      insecure: insecureText === 'true',
      username: input('registry-username').trim() || undefined,
      password: input('registry-password') || undefined,
    },
  };
}

/** REGISTRY/REPOSITORY[:TAG] with the registry and repository lower-cased, the tag as given. Pure. */
export function lowerCaseRepository(ref: string): string {
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon < 0 ? ref.toLowerCase() : ref.slice(0, colon).toLowerCase() + ref.slice(colon);
}

/** The push's options for a built image: the annotations from the build's result and options. Pure. */
export function pushOptionsFor(
  result: BuiltImage,
  options: Pick<BuildOptions, 'edition' | 'firmware'>,
  registry: RegistrySettings,
  env: NodeJS.ProcessEnv,
): PushOptions {
  const metadata: Omit<ImageMetadata, 'sha256'> & { sha256: string } = {
    sha256: result.image.sha256,
    edition: options.edition,
    os: result.os,
    firmware: options.firmware,
    ...(result.windowsBuild ? { build: String(result.windowsBuild) } : {}),
    ...(result.updates ? { updates: result.updates.map((update) => update.kb) } : {}),
    toolVersion: VERSION,
    ...(env.GITHUB_REPOSITORY
      ? { source: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}` }
      : {}),
  };
  return {
    image: result.image.path,
    ref: registry.ref,
    tags: registry.tags,
    movingTag: registry.movingTag,
    format: registry.format,
    insecure: registry.insecure,
    ...(registry.username && registry.password
      ? { credentials: { username: registry.username, password: registry.password } }
      : {}),
    metadata,
    logger: actionLogger,
  };
}

/** Pushes the image and sets registry-digest and registry-ref. */
export async function publishToRegistry(
  result: BuiltImage,
  options: BuildOptions,
  registry: RegistrySettings,
): Promise<PushResult> {
  const pushed = await core.group(`Pushing the image to ${registry.ref}`, () =>
    pushImage(pushOptionsFor(result, options, registry, process.env)),
  );
  core.setOutput('registry-digest', pushed.digest);
  core.setOutput('registry-ref', pushed.reference);
  return pushed;
}
