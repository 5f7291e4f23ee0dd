/**
 * Local stand-ins for what a GitHub Actions job talks to, on 127.0.0.1 and a random port:
 *
 * - ActionsServer: the results service as the real @actions/artifact 6.x and @actions/cache 6.x clients speak it
 *   (Twirp JSON under /twirp/github.actions.results.api.v1.{ArtifactService,CacheService}/…) plus the Azure
 *   block-blob endpoints its signed URLs point at (Put Blob, Put Block, Put Block List, GET/HEAD), path-style:
 *   http://127.0.0.1:P/<account>/<container>/<blob>?sig=…
 * - FileServer: a release host for download tests (redirects, errors, stalls, truncated bodies).
 *
 * Both keep everything in memory, record every request, and can inject faults.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------------------------
// Shared plumbing

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Request body length in bytes. */
  bytes: number;
  kind: 'twirp' | 'blob' | 'file' | 'other';
  /** Twirp method, e.g. "CreateArtifact". */
  rpc?: string;
  /** Parsed Twirp JSON body. */
  body?: unknown;
  /** Blob operation. */
  op?: BlobOp;
  /** The status the server answered with; undefined while (or if never) answered. */
  status?: number;
  /** The fault that was applied to this request, if any. */
  fault?: string;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

abstract class LocalServer {
  readonly requests: RecordedRequest[] = [];
  protected readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private portNumber = 0;

  constructor() {
    this.server = http.createServer((req, res) => {
      void this.dispatch(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test server error: ${String(error)}`);
        } else {
          res.destroy();
        }
      });
    });
  }

  get port(): number {
    return this.portNumber;
  }

  /** http://127.0.0.1:<port> */
  get origin(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  protected listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.portNumber = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening, drops every open connection (including stalled ones) and cancels pending stalls. */
  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Waits `ms` (forever when not finite) unless the server closes or the client goes away first. */
  protected pause(ms: number, req: http.IncomingMessage): Promise<boolean> {
    return new Promise((resolve) => {
      const onClose = (): void => done(false);
      const done = (completed: boolean): void => {
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
        req.socket.off('close', onClose);
        resolve(completed);
      };
      const timer = Number.isFinite(ms) ? setTimeout(() => done(true), ms) : undefined;
      if (timer) this.timers.add(timer);
      req.socket.once('close', onClose);
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bytes: 0,
      kind: 'other',
    };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    await this.handle(req, res, record);
  }

  protected abstract handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
  ): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// ActionsServer

export type BlobOp = 'put-blob' | 'put-block' | 'put-block-list' | 'get' | 'head';

export interface StoredArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  mimeType?: string;
  /** RFC 3339 time the client asked the artifact to expire at (from retentionDays). */
  expiresAt?: string;
  version?: number;
  finalized: boolean;
  createdAt: Date;
  /** What FinalizeArtifact declared. */
  declaredSize?: number;
  declaredHash?: string;
  /** What the blob store actually holds (empty until the upload is committed). */
  bytes: Buffer;
  size: number;
  /** sha256 hex of `bytes`. */
  digest: string;
  blobPath: string;
}

export interface StoredCacheEntry {
  id: number;
  key: string;
  version: string;
  finalized: boolean;
  createdAt: Date;
  declaredSize?: number;
  /** The archive (tar.zst or tar.gz) as uploaded. */
  bytes: Buffer;
  blobPath: string;
}

export interface ActionsServerOptions {
  runBackendId?: string;
  jobRunBackendId?: string;
  /** Storage account name, the first path segment of signed URLs. */
  account?: string;
}

export interface BlobFaultOptions {
  /** HTTP status to answer with (default 500). */
  status?: number;
  /** How many matching requests fail (default: all of them, forever). */
  times?: number;
  /** Which blob operations (default: all). */
  ops?: BlobOp[];
}

export interface StallOptions {
  /** How long to hold the request without answering; Infinity = until the client gives up or the server closes. */
  ms: number;
  /** How many matching requests stall (default 1). */
  times?: number;
  ops?: BlobOp[];
}

export interface TwirpFaultOptions {
  /** Method name, e.g. "FinalizeArtifact". */
  rpc: string;
  status?: number;
  times?: number;
  /** Raw body to send instead of a Twirp JSON error (e.g. an HTML error page). */
  body?: string;
  /** Drop the connection without an answer (the client sees ECONNRESET) instead of answering `status`. */
  drop?: boolean;
}

export interface ActionsEnvOptions {
  /**
   * GITHUB_WORKSPACE: the cache client runs tar with -C here and makes paths relative to it; it must exist,
   * or every save fails (a warning and -1). Default: not set (the client then uses the current directory).
   */
  workspace?: string;
  /** RUNNER_TEMP: the cache client's scratch space. Without it, it writes to /home/actions/temp. */
  runnerTemp?: string;
  repository?: string;
  runId?: string;
}

interface BlobRecord {
  sig: string;
  blocks: Map<string, Buffer>;
  committed?: Buffer;
  contentType?: string;
  downloadName?: string;
  etag: string;
  lastModified: Date;
}

interface Fault {
  kind: 'status' | 'stall';
  status: number;
  ms: number;
  remaining: number;
  ops?: BlobOp[];
}

const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';
const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 412,
  internal: 500,
  unavailable: 503,
};

class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned JWT ({"alg":"none"}) with the scope claim the artifact client reads its backend ids from. */
export function runtimeToken(runBackendId: string, jobRunBackendId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobRunBackendId}`,
    iat: now,
    nbf: now,
    exp: now + 6 * 3600,
    iss: 'bake-windows-image test server',
  };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export class ActionsServer extends LocalServer {
  readonly runBackendId: string;
  readonly jobRunBackendId: string;
  readonly account: string;
  readonly token: string;
  private readonly blobs = new Map<string, BlobRecord>();
  private readonly artifactList: StoredArtifact[] = [];
  private readonly cacheList: StoredCacheEntry[] = [];
  private blobFaults: Fault[] = [];
  private twirpFaults: { rpc: string; status: number; times: number; body?: string; drop?: boolean }[] = [];
  private twirpStalls = new Map<string, { released: Promise<void>; release: () => void }>();
  private cacheMisses = 0;
  /** The key of every cache lookup, in order. */
  readonly cacheLookups: string[] = [];
  private nextId = 1000;

  private constructor(options: ActionsServerOptions) {
    super();
    this.runBackendId = options.runBackendId ?? 'c0ffee00-0000-4000-8000-000000000001';
    this.jobRunBackendId = options.jobRunBackendId ?? 'c0ffee00-0000-4000-8000-000000000002';
    this.account = options.account ?? 'resultsstore';
    this.token = runtimeToken(this.runBackendId, this.jobRunBackendId);
  }

  static async start(options: ActionsServerOptions = {}): Promise<ActionsServer> {
    const server = new ActionsServer(options);
    await server.listen();
    return server;
  }

  /** The environment the real clients need to talk to this server (set it before calling them). */
  env(options: ActionsEnvOptions = {}): Record<string, string> {
    const env: Record<string, string> = {
      ACTIONS_RUNTIME_TOKEN: this.token,
      ACTIONS_RESULTS_URL: `${this.origin}/`,
      ACTIONS_CACHE_SERVICE_V2: '1',
      // Any host but github.com / *.ghe.com / *.localhost reads as GHES: the artifact client throws and the
      // cache client silently falls back to the v1 protocol.
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: options.repository ?? 'octo-org/bake-windows-image-test',
      GITHUB_RUN_ID: options.runId ?? '4242424242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_ACTIONS: 'true',
    };
    if (options.workspace) env.GITHUB_WORKSPACE = options.workspace;
    if (options.runnerTemp) env.RUNNER_TEMP = options.runnerTemp;
    return env;
  }

  // --- what was stored --------------------------------------------------------------------------------------

  /** Finalized artifacts, oldest first. */
  get artifacts(): StoredArtifact[] {
    return this.artifactList.filter((a) => a.finalized);
  }

  artifact(name: string): StoredArtifact | undefined {
    return this.artifacts.find((a) => a.name === name);
  }

  /** Finalized cache entries, oldest first. */
  get cacheEntries(): StoredCacheEntry[] {
    return this.cacheList.filter((c) => c.finalized);
  }

  cacheEntry(key: string, version?: string): StoredCacheEntry | undefined {
    return this.cacheEntries.find((c) => c.key === key && (version === undefined || c.version === version));
  }

  /** Replaces a stored cache archive (to simulate a corrupt or tampered entry). */
  setCacheBytes(entry: StoredCacheEntry, bytes: Buffer): void {
    const blob = this.blobs.get(entry.blobPath);
    if (!blob) throw new Error(`no blob at ${entry.blobPath}`);
    blob.committed = bytes;
    entry.bytes = bytes;
  }

  /** Requests to one Twirp method. */
  rpcCalls(rpc: string): RecordedRequest[] {
    return this.requests.filter((r) => r.rpc === rpc);
  }

  blobRequests(op?: BlobOp): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === 'blob' && (op === undefined || r.op === op));
  }

  // --- fault injection --------------------------------------------------------------------------------------

  /** Matching blob requests answer `status` (default 500), `times` times (default forever). */
  failBlob(options: BlobFaultOptions = {}): void {
    this.blobFaults.push({
      kind: 'status',
      status: options.status ?? 500,
      ms: 0,
      remaining: options.times ?? Infinity,
      ops: options.ops,
    });
  }

  /** Matching blob requests get no answer for `ms` (then are served normally), `times` times (default 1). */
  stallBlob(options: StallOptions): void {
    this.blobFaults.push({
      kind: 'stall',
      status: 0,
      ms: options.ms,
      remaining: options.times ?? 1,
      ops: options.ops,
    });
  }

  /** A Twirp method answers `status` (default 500), or drops the connection, `times` times (default forever). */
  failTwirp(options: TwirpFaultOptions): void {
    this.twirpFaults.push({
      rpc: options.rpc,
      status: options.status ?? 500,
      times: options.times ?? Infinity,
      body: options.body,
      drop: options.drop,
    });
  }

  /** The next `times` cache lookups (default: all) miss, whatever is stored. */
  missCacheLookups(times = Infinity): void {
    this.cacheMisses = times;
  }

  /**
   * Calls to a Twirp method get no answer until `release` (then they are served normally) or until the client
   * goes away: a cache service that hangs.
   */
  stallTwirp(rpc: string): { release: () => void } {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const stall = {
      released,
      release: () => {
        this.twirpStalls.delete(rpc);
        release();
      },
    };
    this.twirpStalls.set(rpc, stall);
    return stall;
  }

  clearFaults(): void {
    for (const stall of [...this.twirpStalls.values()]) stall.release();
    this.blobFaults = [];
    this.twirpFaults = [];
    this.cacheMisses = 0;
  }

  // --- dispatch ---------------------------------------------------------------------------------------------

  protected async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/twirp/')) {
      record.kind = 'twirp';
      await this.handleTwirp(req, res, url, record);
    } else if (url.pathname.startsWith(`/${this.account}/`)) {
      record.kind = 'blob';
      await this.handleBlob(req, res, url, record);
    } else {
      await readBody(req);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  }

  // --- Twirp ------------------------------------------------------------------------------------------------

  private async handleTwirp(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    record: RecordedRequest,
  ): Promise<void> {
    const raw = await readBody(req);
    record.bytes = raw.length;
    const [, , service, rpc] = url.pathname.split('/');
    record.rpc = rpc;
    const sendJson = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const sendError = (error: TwirpError): void =>
      sendJson(TWIRP_STATUS[error.code] ?? 500, { code: error.code, msg: error.message });

    try {
      record.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      sendError(new TwirpError('invalid_argument', 'the request body is not JSON'));
      return;
    }
    const stall = rpc === undefined ? undefined : this.twirpStalls.get(rpc);
    if (stall) {
      record.fault = 'twirp stall';
      const gone = new Promise<boolean>((resolve) => req.socket.once('close', () => resolve(false)));
      if (!(await Promise.race([stall.released.then(() => true), gone]))) return;
    }
    const fault = this.twirpFaults.find((f) => f.rpc === rpc && f.times > 0);
    if (fault) {
      fault.times--;
      if (fault.drop) {
        record.fault = 'twirp drop';
        req.socket.destroy();
        return;
      }
      record.fault = `twirp ${fault.status}`;
      if (fault.body !== undefined) {
        res.writeHead(fault.status, { 'content-type': 'text/html' });
        res.end(fault.body);
      } else {
        sendJson(fault.status, { code: 'internal', msg: 'injected failure' });
      }
      return;
    }
    if (req.method !== 'POST') {
      sendError(new TwirpError('bad_route', `${req.method} is not allowed`));
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      sendError(new TwirpError('unauthenticated', 'missing or wrong bearer token'));
      return;
    }
    const body = (record.body ?? {}) as Record<string, unknown>;
    try {
      if (service === ARTIFACT_SERVICE) sendJson(200, this.artifactRpc(rpc ?? '', body));
      else if (service === CACHE_SERVICE) sendJson(200, this.cacheRpc(rpc ?? '', body));
      else throw new TwirpError('bad_route', `no service ${service}`);
    } catch (error) {
      if (error instanceof TwirpError) sendError(error);
      else throw error;
    }
  }

  private checkBackendIds(body: Record<string, unknown>): void {
    if (
      body.workflow_run_backend_id !== this.runBackendId ||
      body.workflow_job_run_backend_id !== this.jobRunBackendId
    ) {
      throw new TwirpError('permission_denied', 'the backend ids do not match the token');
    }
  }

  private artifactRpc(rpc: string, body: Record<string, unknown>): unknown {
    switch (rpc) {
      case 'CreateArtifact': {
        this.checkBackendIds(body);
        const name = asString(body.name);
        if (!name) throw new TwirpError('invalid_argument', 'name is required');
        // As the service does: a created artifact holds its name for the run even if it is never finalized.
        if (this.artifactList.some((a) => a.name === name)) {
          throw new TwirpError(
            'already_exists',
            `an artifact with this name already exists on the workflow run`,
          );
        }
        const blobPath = `/${this.account}/actions-results/${this.runBackendId}/${this.jobRunBackendId}/artifacts/${randomBytes(16).toString('hex')}`;
        const blob = this.createBlob(blobPath);
        blob.downloadName = name;
        this.artifactList.push({
          id: this.nextId++,
          name,
          workflowRunBackendId: this.runBackendId,
          workflowJobRunBackendId: this.jobRunBackendId,
          mimeType: asString(body.mime_type),
          expiresAt: asString(body.expires_at),
          version: typeof body.version === 'number' ? body.version : undefined,
          finalized: false,
          createdAt: new Date(),
          bytes: Buffer.alloc(0),
          size: 0,
          digest: sha256(Buffer.alloc(0)),
          blobPath,
        });
        return { ok: true, signed_upload_url: this.signedUrl(blobPath) };
      }
      case 'FinalizeArtifact': {
        this.checkBackendIds(body);
        const artifact = this.artifactList.find((a) => a.name === body.name && !a.finalized);
        if (!artifact) throw new TwirpError('not_found', `no pending artifact named ${String(body.name)}`);
        const blob = this.blobs.get(artifact.blobPath);
        if (!blob?.committed)
          throw new TwirpError('failed_precondition', 'the artifact blob was never committed');
        artifact.bytes = blob.committed;
        artifact.size = blob.committed.length;
        artifact.digest = sha256(blob.committed);
        artifact.declaredSize = body.size === undefined ? undefined : Number(body.size);
        artifact.declaredHash = asString(body.hash);
        artifact.finalized = true;
        return { ok: true, artifact_id: String(artifact.id) };
      }
      case 'ListArtifacts': {
        if (body.workflow_run_backend_id !== this.runBackendId) return { artifacts: [] };
        const nameFilter = asString(body.name_filter);
        const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter);
        const artifacts = this.artifacts
          .filter((a) => nameFilter === undefined || a.name === nameFilter)
          .filter((a) => idFilter === undefined || a.id === idFilter)
          .map((a) => ({
            workflow_run_backend_id: a.workflowRunBackendId,
            workflow_job_run_backend_id: a.workflowJobRunBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: a.createdAt.toISOString(),
            digest: `sha256:${a.digest}`,
          }));
        return { artifacts };
      }
      case 'GetSignedArtifactURL': {
        const artifact = this.artifact(asString(body.name) ?? '');
        if (!artifact || body.workflow_run_backend_id !== this.runBackendId) {
          throw new TwirpError('not_found', `no artifact named ${String(body.name)}`);
        }
        return { signed_url: this.signedUrl(artifact.blobPath) };
      }
      case 'DeleteArtifact': {
        this.checkBackendIds(body);
        const index = this.artifactList.findIndex((a) => a.name === body.name && a.finalized);
        if (index < 0) throw new TwirpError('not_found', `no artifact named ${String(body.name)}`);
        const [artifact] = this.artifactList.splice(index, 1);
        this.blobs.delete(artifact!.blobPath);
        return { ok: true, artifact_id: String(artifact!.id) };
      }
      default:
        throw new TwirpError('bad_route', `no method ${rpc}`);
    }
  }

  private cacheRpc(rpc: string, body: Record<string, unknown>): unknown {
    const key = asString(body.key) ?? '';
    const version = asString(body.version) ?? '';
    switch (rpc) {
      case 'CreateCacheEntry': {
        if (!key || !version) throw new TwirpError('invalid_argument', 'key and version are required');
        if (this.cacheList.some((c) => c.key === key && c.version === version)) {
          throw new TwirpError(
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
          );
        }
        const blobPath = `/${this.account}/actions-cache/${randomBytes(16).toString('hex')}`;
        this.createBlob(blobPath);
        this.cacheList.push({
          id: this.nextId++,
          key,
          version,
          finalized: false,
          createdAt: new Date(),
          bytes: Buffer.alloc(0),
          blobPath,
        });
        return { ok: true, signed_upload_url: this.signedUrl(blobPath) };
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = this.cacheList.find((c) => c.key === key && c.version === version && !c.finalized);
        if (!entry) throw new TwirpError('not_found', `no pending cache entry ${key}`);
        const blob = this.blobs.get(entry.blobPath);
        if (!blob?.committed) return { ok: false, message: 'the cache archive was never uploaded' };
        entry.bytes = blob.committed;
        entry.declaredSize = body.size_bytes === undefined ? undefined : Number(body.size_bytes);
        entry.finalized = true;
        return { ok: true, entry_id: String(entry.id) };
      }
      case 'GetCacheEntryDownloadURL': {
        this.cacheLookups.push(key);
        const miss = { ok: false, signed_download_url: '', matched_key: '' };
        if (this.cacheMisses > 0) {
          this.cacheMisses--;
          return miss;
        }
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
        const candidates = this.cacheEntries.filter((c) => c.version === version);
        let match = candidates.find((c) => c.key === key);
        for (const prefix of restoreKeys) {
          if (match) break;
          match = candidates.filter((c) => c.key.startsWith(prefix)).at(-1);
        }
        if (!match) return miss;
        return { ok: true, signed_download_url: this.signedUrl(match.blobPath), matched_key: match.key };
      }
      default:
        throw new TwirpError('bad_route', `no method ${rpc}`);
    }
  }

  // --- blob storage -----------------------------------------------------------------------------------------

  private createBlob(blobPath: string): BlobRecord {
    const blob: BlobRecord = {
      sig: randomBytes(24).toString('base64url'),
      blocks: new Map(),
      etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      lastModified: new Date(),
    };
    this.blobs.set(blobPath, blob);
    return blob;
  }

  private signedUrl(blobPath: string): string {
    const blob = this.blobs.get(blobPath);
    if (!blob) throw new Error(`no blob ${blobPath}`);
    const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const query = new URLSearchParams({ sv: '2025-01-05', se: expiry, sr: 'b', sp: 'rcw', sig: blob.sig });
    return `${this.origin}${blobPath}?${query}`;
  }

  private async handleBlob(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    record: RecordedRequest,
  ): Promise<void> {
    const comp = url.searchParams.get('comp');
    const op: BlobOp =
      req.method === 'GET'
        ? 'get'
        : req.method === 'HEAD'
          ? 'head'
          : comp === 'block'
            ? 'put-block'
            : comp === 'blocklist'
              ? 'put-block-list'
              : 'put-blob';
    record.op = op;
    const requestId = randomBytes(16).toString('hex');
    const baseHeaders: http.OutgoingHttpHeaders = {
      'x-ms-request-id': requestId,
      'x-ms-version': req.headers['x-ms-version'] ?? '2025-01-05',
      date: new Date().toUTCString(),
    };
    const clientRequestId = req.headers['x-ms-client-request-id'];
    if (clientRequestId) baseHeaders['x-ms-client-request-id'] = clientRequestId;
    const storageError = (status: number, code: string, message: string): void => {
      const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
      res.writeHead(status, {
        ...baseHeaders,
        'x-ms-error-code': code,
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(xml),
      });
      res.end(req.method === 'HEAD' ? undefined : xml);
    };

    const fault = this.blobFaults.find((f) => f.remaining > 0 && (!f.ops || f.ops.includes(op)));
    if (fault) {
      fault.remaining--;
      if (fault.kind === 'stall') {
        record.fault = `stall ${fault.ms} ms`;
        if (!(await this.pause(fault.ms, req))) return;
      } else {
        record.fault = `status ${fault.status}`;
        record.bytes = (await readBody(req)).length;
        storageError(fault.status, 'InternalError', 'Injected failure.');
        return;
      }
    }

    const body = await readBody(req);
    record.bytes = body.length;
    const blob = this.blobs.get(decodeURIComponent(url.pathname));
    if (!blob || url.searchParams.get('sig') !== blob.sig) {
      storageError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
      return;
    }
    const written = (): void => {
      blob.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
      blob.lastModified = new Date();
    };
    // Every successful write answers 201 exactly: the SDK treats 200 as an error.
    const created = (extra: http.OutgoingHttpHeaders = {}): void => {
      res.writeHead(201, {
        ...baseHeaders,
        'x-ms-request-server-encrypted': 'true',
        'content-length': 0,
        ...extra,
      });
      res.end();
    };

    switch (op) {
      case 'put-block': {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) return storageError(400, 'InvalidQueryParameterValue', 'blockid is required.');
        blob.blocks.set(blockId, body);
        return created();
      }
      case 'put-block-list': {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          (m) => m[2]!,
        );
        const parts: Buffer[] = [];
        for (const id of ids) {
          const block = blob.blocks.get(id);
          if (!block) return storageError(400, 'InvalidBlockList', 'The specified block list is invalid.');
          parts.push(block);
        }
        blob.committed = Buffer.concat(parts);
        blob.blocks.clear();
        blob.contentType = headerString(req.headers['x-ms-blob-content-type']) ?? blob.contentType;
        written();
        return created({ etag: blob.etag, 'last-modified': blob.lastModified.toUTCString() });
      }
      case 'put-blob': {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
          return storageError(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required.');
        }
        blob.committed = body;
        blob.blocks.clear();
        blob.contentType =
          headerString(req.headers['x-ms-blob-content-type']) ?? headerString(req.headers['content-type']);
        written();
        return created({ etag: blob.etag, 'last-modified': blob.lastModified.toUTCString() });
      }
      case 'get':
      case 'head': {
        if (!blob.committed) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
        const data = blob.committed;
        const headers: http.OutgoingHttpHeaders = {
          ...baseHeaders,
          'content-type': blob.contentType ?? 'application/octet-stream',
          etag: blob.etag,
          'last-modified': blob.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
          'x-ms-blob-type': 'BlockBlob',
        };
        if (blob.downloadName) {
          headers['content-disposition'] =
            `attachment; filename="${blob.downloadName}"; filename*=UTF-8''${encodeURIComponent(blob.downloadName)}`;
        }
        const range = /^bytes=(\d+)-(\d*)$/.exec(headerString(req.headers.range) ?? '');
        if (range) {
          const start = Number(range[1]);
          const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
          const slice = data.subarray(start, end + 1);
          res.writeHead(206, {
            ...headers,
            'content-length': slice.length,
            'content-range': `bytes ${start}-${end}/${data.length}`,
          });
          res.end(op === 'head' ? undefined : slice);
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': data.length });
        res.end(op === 'head' ? undefined : data);
        return;
      }
    }
  }
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// ---------------------------------------------------------------------------------------------------------------
// FileServer

/** How the file server answers one request to a route. */
export type FileBehaviour =
  /** 200 with the body (Content-Length set unless `chunked`). */
  | { body: Buffer; chunked?: boolean; contentType?: string }
  /** A redirect to `location` (absolute, or a path on this server). */
  | { redirect: string; status?: number }
  /** Any status with an optional text body. */
  | { status: number; text?: string; headers?: http.OutgoingHttpHeaders }
  /**
   * A stall: 'headers' answers nothing for `ms`; 'body' sends the headers and `after` bytes, then nothing for
   * `ms`. After the pause the rest is sent. ms = Infinity: until the client gives up.
   */
  | { stall: 'headers' | 'body'; ms: number; body: Buffer; after?: number }
  /** Declares the full Content-Length, sends `after` bytes, then drops the connection. */
  | { truncate: number; body: Buffer }
  /** 200 with the body sent `chunk` bytes at a time, one chunk per `everyMs`: slow, but never stalled. */
  | { trickle: Buffer; chunk: number; everyMs: number };

export class FileServer extends LocalServer {
  private readonly routes = new Map<string, FileBehaviour[]>();

  static async start(): Promise<FileServer> {
    const server = new FileServer();
    await server.listen();
    return server;
  }

  /**
   * Serves `path` with the given behaviours, one per request in order; the last one repeats.
   * Returns the absolute URL.
   */
  route(path: string, ...behaviours: FileBehaviour[]): string {
    if (behaviours.length === 0) throw new Error('route needs at least one behaviour');
    this.routes.set(path, [...behaviours]);
    return this.url(path);
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** Requests made to one path. */
  hits(path: string): RecordedRequest[] {
    return this.requests.filter((r) => new URL(r.url, this.origin).pathname === path);
  }

  protected async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
  ): Promise<void> {
    record.kind = 'file';
    record.bytes = (await readBody(req)).length;
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const queue = this.routes.get(path);
    if (!queue) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const behaviour = (queue.length > 1 ? queue.shift() : queue[0])!;
    if ('redirect' in behaviour) {
      res.writeHead(behaviour.status ?? 302, { location: behaviour.redirect, 'content-length': 0 });
      res.end();
    } else if ('truncate' in behaviour) {
      record.fault = `truncate at ${behaviour.truncate}`;
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': behaviour.body.length,
      });
      res.write(behaviour.body.subarray(0, behaviour.truncate), () => res.destroy());
    } else if ('trickle' in behaviour) {
      record.fault = `trickle ${behaviour.chunk} B per ${behaviour.everyMs} ms`;
      const body = behaviour.trickle;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      for (let at = 0; at < body.length; at += behaviour.chunk) {
        res.write(body.subarray(at, at + behaviour.chunk));
        if (!(await this.pause(behaviour.everyMs, req))) return;
      }
      res.end();
    } else if ('stall' in behaviour) {
      record.fault = `stall ${behaviour.stall} ${behaviour.ms} ms`;
      const after = behaviour.stall === 'body' ? (behaviour.after ?? 0) : 0;
      if (behaviour.stall === 'body') {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': behaviour.body.length,
        });
        res.write(behaviour.body.subarray(0, after));
      }
      if (!(await this.pause(behaviour.ms, req))) return;
      if (!res.headersSent) {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': behaviour.body.length,
        });
      }
      res.end(behaviour.body.subarray(after));
    } else if ('body' in behaviour) {
      const headers: http.OutgoingHttpHeaders = {
        'content-type': behaviour.contentType ?? 'application/octet-stream',
      };
      if (!behaviour.chunked) headers['content-length'] = behaviour.body.length;
      res.writeHead(200, headers);
      res.end(behaviour.body);
    } else {
      res.writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers });
      res.end(behaviour.text ?? http.STATUS_CODES[behaviour.status] ?? '');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Environment helpers

/**
 * Sets variables in process.env (undefined deletes) and returns a function that puts the old values back.
 * The artifact and cache clients read their environment when called, so set it before each call.
 */
export function applyEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The variables a job outside GitHub Actions lacks: pass to applyEnv to simulate "not in Actions". */
export const ACTIONS_ENV_UNSET: Record<string, undefined> = {
  ACTIONS_RUNTIME_TOKEN: undefined,
  ACTIONS_RESULTS_URL: undefined,
  ACTIONS_CACHE_URL: undefined,
  ACTIONS_CACHE_SERVICE_V2: undefined,
  GITHUB_ACTIONS: undefined,
};

/**
 * Swallows what @actions/core writes to stdout (::debug::, ::add-mask::, progress lines) and keeps it for
 * assertions. Call the returned `restore` when done.
 */
export function captureStdout(): { lines: () => string[]; restore: () => void } {
  const original = process.stdout.write.bind(process.stdout);
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    lines: () => text.split('\n').filter((line) => line.length > 0),
    restore: () => {
      process.stdout.write = original;
    },
  };
}
