/**
 * Who we are to a registry. Credentials come from the caller (flags, environment, the action's inputs) or
 * from ~/.docker/config.json `auths` as docker and skopeo keep them. A 401's `WWW-Authenticate` challenge says
 * how to use them: Basic (sent as they are) or Bearer (exchanged at the token endpoint for a token scoped to
 * `repository:R:pull,push`). Nothing here logs, and no message carries a password.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { describeResponse, send, type HttpResponse } from './http.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="https://x/token",service="x",scope="repository:r:pull"` → scheme and parameters. */
export function parseChallenge(text: string): Challenge | undefined {
  const match = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(text);
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
  for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(pattern)) {
    if (key) params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
  }
  return { scheme: match[1].toLowerCase(), params };
}

/** The `auths` entry of a docker config for `registry` (with or without https://, trailing slash). */
export function credentialsFromDockerConfig(
  registry: string,
  file = path.join(process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json'),
): Credentials | undefined {
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch {
    return undefined;
  }
  const hosts = registry === 'registry-1.docker.io' ? [registry, 'docker.io', 'index.docker.io'] : [registry];
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (!hosts.includes(host)) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  }
  return undefined;
}

export function basicAuthorization({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function refused(registry: string, credentials: Credentials | undefined, detail: string): BuildError {
  return new BuildError(
    'registry-auth',
    credentials
      ? `${registry} refused the credentials of "${credentials.username}" (${detail})`
      : `${registry} wants credentials and none were given (${detail})`,
    {
      hint: credentials
        ? 'Check the user name and password or token, and that it may push to this repository (GHCR: a token with write:packages, or GITHUB_TOKEN with permissions: packages: write).'
        : 'Give --username and --password-stdin (or BAKE_REGISTRY_USERNAME/BAKE_REGISTRY_PASSWORD, or docker login).',
    },
  );
}

/**
 * The Authorization header that answers `challenge`, or a registry-auth error. Bearer: GET realm?service&scope
 * with Basic credentials (anonymous without), and the token from its JSON answer.
 */
export async function answerChallenge(
  challenge: Challenge,
  {
    registry,
    repository,
    credentials,
    insecure = false,
    signal,
    idleTimeoutMs,
  }: {
    registry: string;
    repository: string;
    credentials?: Credentials;
    /** Plain http allowed (--insecure): then a plain-http token endpoint may get the credentials too. */
    insecure?: boolean;
    signal?: AbortSignal;
    idleTimeoutMs?: number;
  },
): Promise<string> {
  if (challenge.scheme === 'basic') {
    if (!credentials) throw refused(registry, credentials, 'Basic authentication');
    return basicAuthorization(credentials);
  }
  if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
    throw new BuildError(
      'registry-auth',
      `${registry} asks for "${challenge.scheme}" authentication, which is not supported`,
      {
        hint: 'Registries with Basic or Bearer token authentication (GHCR, Docker Hub, distribution, Harbor, …) are supported.',
      },
    );
  }
  let realm: URL;
  try {
    realm = new URL(challenge.params.realm);
  } catch {
    throw new BuildError('registry-auth', `${registry} names a token endpoint that is not a URL`, {
      hint: 'The registry is misconfigured (its auth realm).',
    });
  }
  if (credentials && realm.protocol !== 'https:' && !insecure) {
    throw new BuildError(
      'registry-auth',
      `${registry} asks for the credentials of "${credentials.username}" at ${realm.origin}, which is not https; they were not sent`,
      {
        hint: 'A token endpoint must be https; for a local test registry on plain http, add --insecure (action: registry-insecure: true).',
      },
    );
  }
  if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
  realm.searchParams.set('scope', `repository:${repository}:pull,push`);
  let response: HttpResponse;
  try {
    response = await send({
      method: 'GET',
      url: realm,
      headers: credentials ? { Authorization: basicAuthorization(credentials) } : {},
      signal,
      idleTimeoutMs,
    });
  } catch (error) {
    throw new BuildError(
      'push-failed',
      `The token endpoint ${realm.origin} of ${registry} could not be reached: ${(error as Error).message}`,
      {
        hint: 'Check the network path to the registry and its token service.',
        cause: error,
      },
    );
  }
  if (response.status === 401 || response.status === 403)
    throw refused(registry, credentials, `token endpoint: ${describeResponse(response)}`);
  if (response.status !== 200) {
    throw new BuildError(
      'push-failed',
      `The token endpoint of ${registry} answered ${describeResponse(response)}`,
      {
        hint: 'The registry may be having trouble; try again later.',
      },
    );
  }
  const { token, access_token: accessToken } = JSON.parse(response.body.toString('utf8')) as {
    token?: string;
    access_token?: string;
  };
  const bearer = token ?? accessToken;
  if (!bearer) throw refused(registry, credentials, 'the token endpoint gave no token');
  return `Bearer ${bearer}`;
}
