/**
 * A distribution-spec client for one repository: requests with authentication (anonymous first, then what
 * the 401's challenge asks) and bounded retries with backoff on 5xx, 429 and broken connections; blob
 * existence (HEAD), chunked resumable blob upload (blob-upload.ts) and manifest upload. https unless insecure.
 */
import { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import { answerChallenge, parseChallenge, type Credentials } from './auth.js';
import { describeResponse, header, send, type HttpRequest, type HttpResponse } from './http.js';
import { formatReference, type ImageReference } from './reference.js';

export interface ClientOptions {
  insecure?: boolean;
  credentials?: Credentials;
  logger: Logger;
  signal?: AbortSignal;
  /** Attempts per request (1 = no retry). */
  attempts?: number;
  /** The first backoff; doubled per attempt, at most 30 s. */
  retryDelayMs?: number;
  /** A connection without a byte either way for this long is broken (and retried); default 60 s. */
  idleTimeoutMs?: number;
}

const RETRIED_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** TLS spoken to a plain-http server: no retry helps, --insecure does. */
const TLS_MISMATCH = /wrong version number|EPROTO|packet length too long|SSL routines/i;

export class RegistryClient {
  readonly base: URL;
  private authorization?: string;
  private readonly attempts: number;
  private readonly retryDelayMs: number;

  constructor(
    readonly ref: ImageReference,
    private readonly options: ClientOptions,
  ) {
    this.base = new URL(`${options.insecure ? 'http' : 'https'}://${ref.registry}`);
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get name(): string {
    return formatReference(this.ref);
  }

  /** `/v2/<repo>/<rest>` as a URL, or an absolute/relative Location the registry gave. */
  url(pathOrLocation: string): URL {
    return new URL(pathOrLocation, this.base);
  }

  repoUrl(rest: string): URL {
    return this.url(`/v2/${this.ref.repository}/${rest}`);
  }

  /**
   * One request, authenticated, retried on a retryable failure when `retry` (a PATCH is not: what the
   * registry kept of it is asked for instead). Resolves to any HTTP answer but 401; throws push-failed when
   * the registry cannot be reached.
   */
  async request(request: Omit<HttpRequest, 'signal'>, { retry = true } = {}): Promise<HttpResponse> {
    let authenticated = false;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await send({
          ...request,
          headers: {
            ...request.headers,
            // Only to the registry itself: not to an upload or storage URL on another host it points at.
            ...(this.authorization && request.url.origin === this.base.origin
              ? { Authorization: this.authorization }
              : {}),
          },
          signal: this.options.signal,
          idleTimeoutMs: this.options.idleTimeoutMs,
        });
      } catch (error) {
        // OpenSSL's messages end in a newline and a source position: one line, without them.
        const message = (error as Error).message
          .replace(/:[^:]*\.c:\d+:?\s*$/, '')
          .replace(/\s+/g, ' ')
          .trim();
        if (this.options.signal?.aborted) throw new BuildError('cancelled', 'The push was cancelled');
        if (TLS_MISMATCH.test(message) || (error as NodeJS.ErrnoException).code === 'EPROTO')
          throw this.tlsError(message, error);
        if (!retry || attempt >= this.attempts) throw this.unreachable(request, message, error);
        await this.backoff(attempt, `${request.method} ${request.url.pathname}: ${message}`);
        continue;
      }
      if (response.status === 401 && !authenticated) {
        const challenge = parseChallenge(header(response, 'www-authenticate') ?? '');
        if (!challenge) {
          throw new BuildError(
            'registry-auth',
            `${this.ref.registry} refused the request and says no way to authenticate`,
            {
              hint: 'Check the registry address; it answered 401 without a WWW-Authenticate challenge.',
            },
          );
        }
        this.authorization = await answerChallenge(challenge, {
          registry: this.ref.registry,
          repository: this.ref.repository,
          credentials: this.options.credentials,
          insecure: this.options.insecure,
          signal: this.options.signal,
          idleTimeoutMs: this.options.idleTimeoutMs,
        });
        authenticated = true;
        attempt--;
        continue;
      }
      if (response.status === 401 || response.status === 403) throw this.denied(response);
      if (retry && RETRIED_STATUS.has(response.status) && attempt < this.attempts) {
        await this.backoff(
          attempt,
          `${request.method} ${request.url.pathname}: ${describeResponse(response)}`,
        );
        continue;
      }
      return response;
    }
  }

  /** A response that is not one of `expected`, as a push-failed error. */
  unexpected(what: string, response: HttpResponse): BuildError {
    return new BuildError(
      'push-failed',
      `${what} on ${this.name}: the registry answered ${describeResponse(response)}`,
      {
        hint:
          response.status >= 500
            ? 'The registry is having trouble; try again later.'
            : 'The registry refused the request; its message says why.',
      },
    );
  }

  async blobExists(digest: string): Promise<boolean> {
    const response = await this.request({ method: 'HEAD', url: this.repoUrl(`blobs/${digest}`) });
    if (response.status === 404) return false;
    // A redirect points at the blob's storage: it exists.
    if (response.status < 400) return true;
    throw this.unexpected(`Checking blob ${digest}`, response);
  }

  /** PUTs a manifest under `reference` (a tag); resolves to the digest the registry reports (or ours). */
  async putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    const response = await this.request({
      method: 'PUT',
      url: this.repoUrl(`manifests/${reference}`),
      headers: { 'Content-Type': mediaType },
      body: bytes,
    });
    if (response.status !== 201 && response.status !== 200)
      throw this.unexpected(`Pushing the manifest ${reference}`, response);
    return header(response, 'docker-content-digest');
  }

  private async backoff(attempt: number, why: string): Promise<void> {
    const delay = Math.min(this.retryDelayMs * 2 ** (attempt - 1), 30_000);
    this.options.logger.warn(`${why}; retrying (${attempt + 1}/${this.attempts})`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  private tlsError(message: string, cause: unknown): BuildError {
    return new BuildError('push-failed', `Could not speak TLS (https) to ${this.ref.registry}: ${message}`, {
      hint: 'If it is a plain-http registry (a local mirror or test registry), add --insecure (action: registry-insecure: true).',
      cause,
    });
  }

  private unreachable(request: Omit<HttpRequest, 'signal'>, message: string, cause: unknown): BuildError {
    return new BuildError(
      'push-failed',
      `${request.method} ${request.url.pathname} on ${this.ref.registry} failed after ${this.attempts} attempts: ${message}`,
      {
        hint: `Check that ${this.ref.registry} is reachable from here (address, port, proxy, firewall).`,
        cause,
      },
    );
  }

  private denied(response: HttpResponse): BuildError {
    return new BuildError(
      'registry-auth',
      `${this.ref.registry} denied pushing to ${this.ref.repository}: ${describeResponse(response)}`,
      {
        hint: this.options.credentials
          ? 'Check that the credentials may push to this repository (GHCR: write:packages, or permissions: packages: write for GITHUB_TOKEN).'
          : 'Give credentials: --username and --password-stdin, BAKE_REGISTRY_USERNAME/BAKE_REGISTRY_PASSWORD, or docker login.',
      },
    );
  }
}
