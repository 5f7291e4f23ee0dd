/**
 * A distribution-spec client for one repository: requests with authentication (anonymous first, then what
 * the 401's challenge asks) and bounded retries with backoff on 5xx, 429 and broken connections; blob
 * existence (HEAD), chunked resumable blob upload (blob-upload.ts) and manifest upload. https unless insecure.
 */
import { BuildError } from '../errors.js';
import type { Logger } from '../log.js';
import { type Credentials } from './auth.js';
import { type HttpRequest, type HttpResponse } from './http.js';
import { type ImageReference } from './reference.js';
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
export declare class RegistryClient {
    readonly ref: ImageReference;
    private readonly options;
    readonly base: URL;
    private authorization?;
    private readonly attempts;
    private readonly retryDelayMs;
    constructor(ref: ImageReference, options: ClientOptions);
    get logger(): Logger;
    get name(): string;
    /** `/v2/<repo>/<rest>` as a URL, or an absolute/relative Location the registry gave. */
    url(pathOrLocation: string): URL;
    repoUrl(rest: string): URL;
    /**
     * One request, authenticated, retried on a retryable failure when `retry` (a PATCH is not: what the
     * registry kept of it is asked for instead). Resolves to any HTTP answer but 401; throws push-failed when
     * the registry cannot be reached.
     */
    request(request: Omit<HttpRequest, 'signal'>, { retry }?: {
        retry?: boolean | undefined;
    }): Promise<HttpResponse>;
    /** A response that is not one of `expected`, as a push-failed error. */
    unexpected(what: string, response: HttpResponse): BuildError;
    blobExists(digest: string): Promise<boolean>;
    /** PUTs a manifest under `reference` (a tag); resolves to the digest the registry reports (or ours). */
    putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined>;
    private backoff;
    private tlsError;
    private unreachable;
    private denied;
}
