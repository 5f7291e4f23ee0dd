/** uploadImageArtifact with the real @actions/artifact client against the local results service. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../src/log.js';
import {
  artifactUrl,
  uploadImageArtifact,
  validateArtifactName,
  validateRetentionDays,
} from '../../src/publish/artifact.js';
import { ACTIONS_ENV_UNSET, ActionsServer, applyEnv, captureStdout } from '../support/actions-server.js';
import { tempDir } from '../support/cli.js';
import { failureOf } from '../support/build.js';

let server: ActionsServer;
let root: string;
let restoreEnv: () => void;
let stdout: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  server = await ActionsServer.start();
  root = tempDir('artifact');
  restoreEnv = applyEnv({ ...server.env(), ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS: undefined });
});
afterAll(async () => {
  restoreEnv();
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  stdout = captureStdout();
});
afterEach(() => {
  stdout.restore();
  server.clearFaults();
});

const infos: string[] = [];
const debugs: string[] = [];
const warnings: string[] = [];
const logger: Logger = {
  phase() {},
  warn: (m) => warnings.push(m),
  debug: (m) => debugs.push(m),
  info: (m) => infos.push(m),
};

let counter = 0;
/** The names CreateArtifact was asked for, starting with `prefix`, in order. */
function creates(prefix: string): string[] {
  return server
    .rpcCalls('CreateArtifact')
    .map((r) => (r.body as { name: string }).name)
    .filter((name) => name.startsWith(prefix));
}

function image(size: number): { file: string; bytes: Buffer; dir: string } {
  const dir = path.join(root, `out-${++counter}`);
  mkdirSync(dir);
  const bytes = randomBytes(size);
  const file = path.join(dir, 'windows.qcow2');
  writeFileSync(file, bytes);
  return { file, bytes, dir };
}

describe('uploadImageArtifact', () => {
  it('uploads the image unzipped under the artifact name and returns id, size, digest and url', async () => {
    const { file, bytes, dir } = image(10 * 1024 * 1024 + 3);
    const result = await uploadImageArtifact({ file, artifactName: 'win11-image', retentionDays: 5, logger });

    const stored = server.artifact('win11-image');
    expect(stored).toBeDefined();
    expect(stored!.bytes.equals(bytes)).toBe(true);
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(result).toEqual({
      id: stored!.id,
      name: 'win11-image',
      size: bytes.length,
      digest,
      url: `https://github.com/octo-org/bake-windows-image-test/actions/runs/4242424242/artifacts/${stored!.id}`,
    });
    expect(stored!.declaredHash).toBe(`sha256:${digest}`);
    const days = (Date.parse(stored!.expiresAt!) - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThan(5.1);
    // Staged by a hard link next to the image; the image stays, the link is gone.
    expect(debugs).toContainEqual(
      expect.stringMatching(
        /^Staged .*windows\.qcow2 as .*\/\.bake-artifact-\w+\/win11-image \(hard link\)$/,
      ),
    );
    expect(readdirSync(dir)).toEqual(['windows.qcow2']);
    expect(infos.at(-1)).toMatch(
      /^Uploaded artifact "win11-image" \(id \d+, 10.0 MiB, sha256 [0-9a-f]{64}\) in /,
    );
  });

  it('uploads the file itself when it already has the artifact name', async () => {
    const { file, bytes } = image(1000);
    await uploadImageArtifact({ file, artifactName: 'windows.qcow2', logger });
    expect(server.artifact('windows.qcow2')!.bytes.equals(bytes)).toBe(true);
    expect(server.artifact('windows.qcow2')!.expiresAt).toBeUndefined();
  });

  it.each(['a"b', 'a:b', 'a<b', 'a>b', 'a|b', 'a*b', 'a?b', 'a\rb', 'a\nb', 'a\\b', 'a/b', '', ' ', '..'])(
    'rejects the artifact name %j before uploading',
    async (name) => {
      const { file } = image(10);
      const before = server.requests.length;
      const error = await failureOf(uploadImageArtifact({ file, artifactName: name, logger }));
      expect(error.code).toBe('invalid-option');
      expect(error.hint).toMatch(/Choose an artifact name/);
      expect(server.requests).toHaveLength(before);
    },
  );

  it('rejects retention outside 1–90 whole days', () => {
    for (const days of [0, 91, 1.5, -1, Number.NaN]) {
      expect(() => validateRetentionDays(days)).toThrow(/from 1 to 90/);
    }
    for (const days of [undefined, 1, 90]) expect(() => validateRetentionDays(days)).not.toThrow();
    expect(() => validateArtifactName('windows-11 (x64) 2026.11')).not.toThrow();
  });

  it('builds the artifact url from the run environment', () => {
    const env = {
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '9',
      GITHUB_SERVER_URL: 'https://example.ghe.com/',
    };
    expect(artifactUrl(12, env)).toBe('https://example.ghe.com/o/r/actions/runs/9/artifacts/12');
    expect(artifactUrl(12, { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' })).toBe(
      'https://github.com/o/r/actions/runs/9/artifacts/12',
    );
    expect(artifactUrl(12, {})).toBeUndefined();
  });

  it('says where the image is when a name is taken (409)', async () => {
    const { file } = image(10);
    await uploadImageArtifact({ file, artifactName: 'taken', logger });
    const error = await failureOf(uploadImageArtifact({ file, artifactName: 'taken', logger }));
    expect(error.code).toBe('upload-failed');
    expect(error.message).toMatch(/409/);
    expect(error.message).toMatch(new RegExp(`The image is still at ${file}$`));
    expect(error.hint).toMatch(/already exists in this workflow run/);
  });

  it("retries when the storage SDK's own tries run out, under a fresh name (the first one is taken)", async () => {
    // The storage SDK tries a block 4 times on 500 (0, 4 and 12 s apart), then the whole upload fails; the
    // service keeps the created artifact's name for the run, so the second attempt needs another.
    const { file, bytes } = image(1000);
    server.failBlob({ status: 500, times: 4 });
    const result = await uploadImageArtifact({
      file,
      artifactName: 'flaky.qcow2',
      logger,
      retryDelaysMs: [1, 1],
    });
    expect(server.blobRequests('put-block').filter((r) => r.status === 500)).toHaveLength(4);
    expect(creates('flaky')).toEqual(['flaky.qcow2', 'flaky-attempt2.qcow2']);
    expect(result.name).toBe('flaky-attempt2.qcow2');
    expect(server.artifact('flaky-attempt2.qcow2')!.bytes.equals(bytes)).toBe(true);
    expect(warnings.at(-1)).toMatch(/attempt 1 of 3\): .*Trying again in .* as "flaky-attempt2\.qcow2"/s);
  }, 40_000);

  it('retries a dropped connection at CreateArtifact (which the client does not) under the same name', async () => {
    const { file, bytes } = image(1000);
    server.failTwirp({ rpc: 'CreateArtifact', drop: true, times: 1 });
    const result = await uploadImageArtifact({
      file,
      artifactName: 'dropped.qcow2',
      logger,
      retryDelaysMs: [1, 1],
    });
    expect(creates('dropped')).toEqual(['dropped.qcow2', 'dropped.qcow2']);
    expect(result.name).toBe('dropped.qcow2');
    expect(server.artifact('dropped.qcow2')!.bytes.equals(bytes)).toBe(true);
  });

  it('gives up after three attempts, keeping the image', async () => {
    // 502 from storage: the SDK does not retry it, so each attempt is one request.
    const { file, dir } = image(1000);
    server.failBlob({ status: 502 });
    const error = await failureOf(
      uploadImageArtifact({ file, artifactName: 'unlucky.qcow2', logger, retryDelaysMs: [1, 1] }),
    );
    expect(error.code).toBe('upload-failed');
    expect(error.message).toMatch(
      /^Uploading the artifact "unlucky-attempt3\.qcow2" failed after .* \(3 attempts\): /,
    );
    expect(error.message).toContain(`The image is still at ${file}`);
    expect(error.hint).toMatch(/githubstatus/);
    expect(server.blobRequests('put-block').filter((r) => r.status === 502)).toHaveLength(3);
    expect(server.artifacts.filter((a) => a.name.startsWith('unlucky'))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['windows.qcow2']);
  });

  it.each([
    [
      'CreateArtifact refused (403)',
      () => server.failTwirp({ rpc: 'CreateArtifact', status: 403, times: 1 }),
    ],
    ['storage refusing a block (403)', () => server.failBlob({ status: 403, times: 1 })],
    [
      'FinalizeArtifact refused (400)',
      () => server.failTwirp({ rpc: 'FinalizeArtifact', status: 400, times: 1 }),
    ],
  ])('gives up at once on a permanent failure: %s', async (what, inject) => {
    const { file } = image(1000);
    const name = `refused-${what.split(' ')[0]}.qcow2`;
    inject();
    const error = await failureOf(
      uploadImageArtifact({ file, artifactName: name, logger, retryDelaysMs: [1, 1] }),
    );
    expect(error.code).toBe('upload-failed');
    expect(error.message).not.toMatch(/attempts\)/);
    expect(error.hint).toMatch(/refused the upload/);
    expect(creates(name.replace('.qcow2', ''))).toEqual([name]);
  });

  it('refuses to start outside GitHub Actions, and when the image is missing', async () => {
    const { file } = image(10);
    const undo = applyEnv(ACTIONS_ENV_UNSET);
    try {
      const error = await failureOf(uploadImageArtifact({ file, artifactName: 'x', logger }));
      expect(error.code).toBe('upload-failed');
      expect(error.message).toContain(`The image is still at ${file}`);
    } finally {
      undo();
    }
    const missing = await failureOf(
      uploadImageArtifact({ file: path.join(root, 'nope.qcow2'), artifactName: 'x', logger }),
    );
    expect(missing.code).toBe('input-missing');
    expect(existsSync(file)).toBe(true);
  });
});
