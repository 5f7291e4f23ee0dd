/**
 * The action's `publish` input and the `registry-*` inputs: where the built image goes besides (or instead of)
 * the workflow artifact. Read and checked before the build (a bad reference fails in seconds, exit 2); the
 * push runs after the build succeeded, and a failed push fails the job with the image still at image-path.
 */
import * as core from '@actions/core';
import type { BuildOptions } from '../bake/options.js';
import { BuildError } from '../errors.js';
import type { Credentials } from '../registry/auth.js';
import { parseChunkSize } from '../registry/chunks.js';
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
  'registry-chunk-size',
  'github-token',
] as const;

/** Where the job's own token may go: GitHub's container registry (and a GHES instance's `containers.HOST`). */
export function githubRegistries(env: NodeJS.ProcessEnv): string[] {
  const hosts = ['ghcr.io'];
  try {
    const server = new URL(env.GITHUB_SERVER_URL ?? 'https://github.com').hostname.toLowerCase();
    if (server !== 'github.com') hosts.push(`containers.${server}`);
  } catch {
    // Not a URL: ghcr.io only.
  }
  return hosts;
}

export interface RegistrySettings {
  ref: string;
  format: RegistryFormat;
  tags: string[];
  movingTag?: string;
  insecure: boolean;
  /** registry-chunk-size in bytes; undefined: one streamed PATCH per blob. */
  chunkSizeBytes?: number;
  /** Explicit credentials (registry-username/password), sent to whichever registry ref names. */
  username?: string;
  password?: string;
  /** The job's token (github-token), sent only to GitHub's container registry, as GITHUB_ACTOR. */
  githubToken?: string;
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
  const chunkSizeText = input('registry-chunk-size').trim();
  const chunkSizeBytes = chunkSizeText
    ? parseChunkSize(chunkSizeText, 'Input registry-chunk-size')
    : undefined;
  const movingTag = input('registry-moving-tag').trim();
  const username = input('registry-username').trim() || undefined;
  const password = input('registry-password') || undefined;
  if (Boolean(username) !== Boolean(password)) {
    throw new BuildError(
      'invalid-option',
      `Input ${username ? 'registry-password' : 'registry-username'} is empty but ${username ? 'registry-username' : 'registry-password'} is set`,
      {
        hint: 'Give both registry-username and registry-password, or neither (GHCR: the job token is used then).',
      },
    );
  }
  const githubToken = input('github-token') || undefined;
  return {
    targets,
    registry: {
      ref,
      format,
      tags: list(input('registry-tags')).map(checkTag),
      ...(movingTag ? { movingTag: checkTag(movingTag) } : {}),
      insecure: insecureText === 'true',
      ...(chunkSizeBytes === undefined ? {} : { chunkSizeBytes }),
      ...(username && password ? { username, password } : {}),
      ...(githubToken ? { githubToken } : {}),
    },
  };
}

/** REGISTRY/REPOSITORY[:TAG] with the registry and repository lower-cased, the tag as given. Pure. */
export function lowerCaseRepository(ref: string): string {
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon < 0 ? ref.toLowerCase() : ref.slice(0, colon).toLowerCase() + ref.slice(colon);
}

/**
 * Who the push is: registry-username/password for any registry; else, on GitHub's container registry only,
 * GITHUB_ACTOR with the job's token; else nothing (docker config or anonymous), and a note saying the job's
 * token was kept back. The token never goes to a registry the workflow did not mean it for. Pure.
 */
export function pushCredentials(
  registry: RegistrySettings,
  env: NodeJS.ProcessEnv,
): { credentials?: Credentials; note?: string } {
  if (registry.username && registry.password)
    return { credentials: { username: registry.username, password: registry.password } };
  if (!registry.githubToken) return {};
  const host = parseReference(registry.ref).registry.toLowerCase();
  if (githubRegistries(env).includes(host))
    return {
      credentials: { username: env.GITHUB_ACTOR || 'github-actions', password: registry.githubToken },
    };
  return {
    note: `Not sending the job's GITHUB_TOKEN to ${host} (it goes to ghcr.io only); using docker login's credentials for it, or none. Set registry-username and registry-password for this registry.`,
  };
}

/** The push's options for a built image: the annotations from the build's result and options. Pure. */
export function pushOptionsFor(
  result: BuiltImage,
  options: Pick<BuildOptions, 'edition' | 'firmware'>,
  registry: RegistrySettings,
  env: NodeJS.ProcessEnv,
): PushOptions & { note?: string } {
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
    chunkSizeBytes: registry.chunkSizeBytes,
    ...pushCredentials(registry, env),
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
  const pushed = await core.group(`Pushing the image to ${registry.ref}`, () => {
    const { note, ...pushOptions } = pushOptionsFor(result, options, registry, process.env);
    if (note) core.info(note);
    return pushImage(pushOptions);
  });
  core.setOutput('registry-digest', pushed.digest);
  core.setOutput('registry-ref', pushed.reference);
  return pushed;
}
