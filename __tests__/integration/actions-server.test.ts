/**
 * The real @actions/artifact and @actions/cache clients against the local results-service stand-in: proves the
 * stand-in speaks their protocol, and pins the client behaviours the build relies on (blocks, retries, 409s).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ActionsServer, applyEnv, captureStdout } from '../support/actions-server.js';
import { REPO, tempDir } from '../support/cli.js';

const MiB = 1024 * 1024;
let server: ActionsServer;
let dir: string;
let restoreEnv: () => void;
let stdout: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  server = await ActionsServer.start();
  dir = tempDir('actions-server');
  mkdirSync(path.join(dir, 'workspace'));
  restoreEnv = applyEnv({
    ...server.env({ workspace: path.join(dir, 'workspace'), runnerTemp: path.join(dir, 'runner-temp') }),
    ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS: undefined,
  });
});
afterAll(async () => {
  restoreEnv();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stdout = captureStdout();
});
afterEach(() => {
  stdout.restore();
  server.clearFaults();
});

function randomFile(name: string, size: number): { file: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { file, bytes };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface ChildResult {
  result?: { id?: number; size?: number; digest?: string };
  error?: string;
  ms: number;
}

/** Uploads with the real client in a fresh node process (environment: this one's plus `env`), then exits. */
function uploadInChild(file: string, env: Record<string, string>): Promise<ChildResult> {
  const script = `
    import { DefaultArtifactClient } from '@actions/artifact';
    const started = Date.now();
    const report = (r) => process.stdout.write('\\n@@result ' + JSON.stringify({ ...r, ms: Date.now() - started }) + '\\n', () => process.exit(0));
    new DefaultArtifactClient()
      .uploadArtifact('x', [${JSON.stringify(file)}], ${JSON.stringify(path.dirname(file))}, { skipArchive: true })
      .then((result) => report({ result }), (error) => report({ error: String(error?.message ?? error) }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('@@result '.length)) as ChildResult);
      else reject(new Error(`child exited with ${code}: ${err}${out}`));
    });
  });
}

async function upload(file: string, name = 'ignored-with-skipArchive') {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient().uploadArtifact(name, [file], path.dirname(file), {
    skipArchive: true,
    compressionLevel: 0,
    retentionDays: 3,
  });
}

describe('@actions/artifact against the stand-in', () => {
  it('uploads a 20 MiB file as-is in 8 MiB blocks, names it after the file, and downloads it back', async () => {
    const { file, bytes } = randomFile('disk.qcow2', 20 * MiB);
    const before = server.requests.length;
    const result = await upload(file);

    const artifact = server.artifact('disk.qcow2');
    expect(artifact).toBeDefined();
    expect(artifact!.bytes.equals(bytes)).toBe(true);
    expect(result).toEqual({ id: artifact!.id, size: bytes.length, digest: sha256(bytes) });
    expect(artifact!.declaredSize).toBe(bytes.length);
    expect(artifact!.declaredHash).toBe(`sha256:${sha256(bytes)}`);
    expect(artifact!.mimeType).toBe('application/octet-stream');
    expect(artifact!.version).toBe(7);
    expect(Date.parse(artifact!.expiresAt!) - Date.now()).toBeGreaterThan(2.9 * 86400_000);

    const calls = server.requests.slice(before).map((r) => r.rpc ?? r.op);
    expect(calls).toEqual([
      'CreateArtifact',
      'put-block',
      'put-block',
      'put-block',
      'put-block-list',
      'FinalizeArtifact',
    ]);
    const blocks = server.requests.slice(before).filter((r) => r.op === 'put-block');
    expect(blocks.map((r) => r.bytes).sort((a, b) => a - b)).toEqual([4 * MiB, 8 * MiB, 8 * MiB]);
    for (const r of server.requests.slice(before).filter((r) => r.kind === 'blob')) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['content-md5']).toBeUndefined();
      expect(r.status).toBe(201);
    }

    // ListArtifacts + GetSignedArtifactURL + a plain GET.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const out = path.join(dir, 'downloaded');
    const download = await new DefaultArtifactClient().downloadArtifact(result.id!, {
      path: out,
      expectedHash: `sha256:${sha256(bytes)}`,
    });
    expect(download.digestMismatch).toBe(false);
    expect(readFileSync(path.join(out, 'disk.qcow2')).equals(bytes)).toBe(true);
  });

  it('refuses a second artifact with the same name (409)', async () => {
    const { file } = randomFile('twice.bin', 1000);
    await upload(file);
    await expect(upload(file)).rejects.toThrow(/409.*already exists/);
  });

  it('retries a block after one 500 and succeeds', async () => {
    const { file, bytes } = randomFile('flaky.bin', 1000);
    server.failBlob({ status: 500, times: 1, ops: ['put-block'] });
    await upload(file);
    expect(server.artifact('flaky.bin')!.bytes.equals(bytes)).toBe(true);
    const blocks = server
      .blobRequests('put-block')
      .filter((r) => r.url.includes(server.artifact('flaky.bin')!.blobPath));
    expect(blocks.map((r) => r.status)).toEqual([500, 201]);
  });

  it('does not retry a 502 from the blob store (the storage retry policy only retries 500 and 503)', async () => {
    const { file } = randomFile('bad-gateway.bin', 1000);
    server.failBlob({ status: 502, ops: ['put-block'] });
    const before = server.blobRequests('put-block').length;
    await expect(upload(file)).rejects.toThrow(/Injected failure/);
    expect(server.blobRequests('put-block').length - before).toBe(1);
    expect(server.artifact('bad-gateway.bin')).toBeUndefined();
  });

  // The watchdog rejects uploadArtifact, but BlockBlobClient.uploadStream does not hand its abort signal to
  // stageBlock: the block's retries (or a stalled request) go on in the background and keep the process alive.
  // These cases therefore run in a child process that exits as soon as it has its answer, as the action must.
  it('gives up on a blob store answering 500 forever (bounded by ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS)', async () => {
    // Without the knob: 4 tries 0 s, 4 s, 12 s apart, failing after ~16 s per block.
    const { file } = randomFile('down.bin', 1000);
    server.failBlob({ status: 500, ops: ['put-block'] });
    const before = server.blobRequests('put-block').length;
    const result = await uploadInChild(file, { ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS: '1500' });
    expect(result.error).toMatch(/Upload progress stalled/);
    expect(result.ms).toBeLessThan(4000);
    expect(server.blobRequests('put-block').length - before).toBeGreaterThanOrEqual(2);
    expect(
      server.rpcCalls('FinalizeArtifact').some((r) => (r.body as { name?: string }).name === 'down.bin'),
    ).toBe(false);
  });

  it('gives up on a stalled blob store by the watchdog, and survives a short stall', async () => {
    const { file: stuck } = randomFile('stuck.bin', 1000);
    server.stallBlob({ ms: Infinity, ops: ['put-block'] });
    const result = await uploadInChild(stuck, { ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS: '1000' });
    expect(result.error).toMatch(/Upload progress stalled/);
    expect(result.ms).toBeLessThan(3000);
    server.clearFaults();

    const { file: slow, bytes } = randomFile('slow.bin', 1000);
    server.stallBlob({ ms: 300, ops: ['put-block'] });
    await upload(slow);
    expect(server.artifact('slow.bin')!.bytes.equals(bytes)).toBe(true);
  });
});

describe('@actions/cache (v2) against the stand-in', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = path.join(dir, `cache-${randomBytes(4).toString('hex')}`);
    mkdirSync(cacheDir);
  });

  it('saves a directory and restores it after it is gone', async () => {
    const { saveCache, restoreCache } = await import('@actions/cache');
    const big = randomBytes(3 * MiB);
    writeFileSync(path.join(cacheDir, 'big.bin'), big);
    writeFileSync(path.join(cacheDir, 'small.txt'), 'hello\n');

    const id = await saveCache([cacheDir], 'round-trip-1');
    expect(id).toBeGreaterThan(0);
    const entry = server.cacheEntry('round-trip-1');
    expect(entry).toMatchObject({ id, finalized: true });
    expect(entry!.declaredSize).toBe(entry!.bytes.length);
    // One Put Blob (≤ 128 MiB), no blocks.
    const puts = server.blobRequests().filter((r) => r.url.includes(entry!.blobPath));
    expect(puts.map((r) => [r.op, r.headers['x-ms-blob-type'], r.status])).toEqual([
      ['put-blob', 'BlockBlob', 201],
    ]);

    rmSync(cacheDir, { recursive: true });
    expect(await restoreCache([cacheDir], 'round-trip-1')).toBe('round-trip-1');
    expect(readFileSync(path.join(cacheDir, 'big.bin')).equals(big)).toBe(true);
    expect(readFileSync(path.join(cacheDir, 'small.txt'), 'utf8')).toBe('hello\n');

    // Keys are matched with the version, which hashes the paths as given.
    const lookups = server.rpcCalls('GetCacheEntryDownloadURL');
    expect((lookups.at(-1)!.body as { version: string }).version).toBe(entry!.version);
  });

  it('misses an unknown key, matches restore-key prefixes, and can be told to miss', async () => {
    const { saveCache, restoreCache } = await import('@actions/cache');
    writeFileSync(path.join(cacheDir, 'a.txt'), 'a');
    expect(await saveCache([cacheDir], 'prefix-abc')).toBeGreaterThan(0);
    expect(await restoreCache([cacheDir], 'no-such-key')).toBeUndefined();
    expect(await restoreCache([cacheDir], 'no-such-key', ['prefix-'])).toBe('prefix-abc');
    server.missCacheLookups(1);
    expect(await restoreCache([cacheDir], 'prefix-abc')).toBeUndefined();
    expect(await restoreCache([cacheDir], 'prefix-abc')).toBe('prefix-abc');
  });

  it('returns -1 for a second save of the same key (409), keeping the first entry', async () => {
    const { saveCache } = await import('@actions/cache');
    writeFileSync(path.join(cacheDir, 'a.txt'), 'first');
    const first = await saveCache([cacheDir], 'same-key');
    writeFileSync(path.join(cacheDir, 'a.txt'), 'second');
    expect(await saveCache([cacheDir], 'same-key')).toBe(-1);
    expect(server.cacheEntries.filter((c) => c.key === 'same-key').map((c) => c.id)).toEqual([first]);
    expect(server.rpcCalls('CreateCacheEntry').at(-1)!.status).toBe(409);
    // Logged as info, not as a warning.
    expect(stdout.lines()).toContain(
      'Failed to save: Unable to reserve cache with key same-key, another job may be creating this cache.',
    );
  });

  it('returns -1 (and warns) when the blob store refuses the archive', async () => {
    const { saveCache } = await import('@actions/cache');
    writeFileSync(path.join(cacheDir, 'a.txt'), 'x');
    server.failBlob({ status: 502, ops: ['put-blob'] });
    expect(await saveCache([cacheDir], 'refused')).toBe(-1);
    expect(server.cacheEntry('refused')).toBeUndefined();
    expect(stdout.lines().some((l) => l.startsWith('::warning::Failed to save'))).toBe(true);
  });
});
