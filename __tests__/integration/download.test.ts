/**
 * downloadVerified against a local HTTP server: success, redirects, errors, checksum, content checks, stalls,
 * slow transfers, truncation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { downloadVerified, type DownloadOptions } from '../../src/deps/download.js';
import type { Logger } from '../../src/log.js';
import { FileServer } from '../support/actions-server.js';
import { failureOf } from '../support/build.js';
import { tempDir } from '../support/cli.js';
import { makeMsi } from '../support/msi.js';
import { makeVirtioIso } from '../support/windows-media.js';

const MiB = 1024 * 1024;
const payload = randomBytes(2 * MiB);
const payloadSha = createHash('sha256').update(payload).digest('hex');
let files: FileServer;
let dir: string;

beforeAll(async () => {
  files = await FileServer.start();
  dir = tempDir('download');
});
afterAll(async () => {
  await files.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Captured extends Logger {
  infos: string[];
  warns: string[];
}
function logger(): Captured {
  const infos: string[] = [];
  const warns: string[] = [];
  return { infos, warns, phase() {}, debug() {}, info: (m) => infos.push(m), warn: (m) => warns.push(m) };
}

let counter = 0;
/** A fresh route and destination per test; fast retry settings unless overridden. */
function setup(...behaviours: Parameters<FileServer['route']>[1][]): {
  url: string;
  route: string;
  dest: string;
  log: Captured;
  options: (extra?: Partial<DownloadOptions>) => DownloadOptions;
} {
  const route = `/releases/${++counter}/file.bin`;
  const url = files.route(route, ...behaviours);
  const dest = path.join(dir, `case-${counter}`, 'file.bin');
  const log = logger();
  return {
    url,
    route,
    dest,
    log,
    options: (extra = {}) => ({ url, dest, logger: log, retryDelayMs: 10, stallTimeoutMs: 500, ...extra }),
  };
}

function leftovers(dest: string): string[] {
  return existsSync(path.dirname(dest)) ? readdirSync(path.dirname(dest)) : [];
}

describe('downloadVerified', () => {
  it('downloads, verifies and renames into place, leaving no temporary file', async () => {
    const { dest, log, options } = setup({ body: payload });
    const result = await downloadVerified(options({ sha256: `sha256:${payloadSha.toUpperCase()}` }));
    expect(result).toEqual({ path: dest, sha256: payloadSha, size: payload.length });
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(leftovers(dest)).toEqual(['file.bin']);
    expect(log.infos.at(-1)).toMatch(
      new RegExp(`^Downloaded file.bin: 2.0 MiB in .*, sha256 ${payloadSha}$`),
    );
  });

  it('reports the sha256 when none is given, also for a body without Content-Length', async () => {
    const { options } = setup({ body: payload, chunked: true });
    expect((await downloadVerified(options())).sha256).toBe(payloadSha);
  });

  it('replaces an existing file', async () => {
    const { dest, options } = setup({ body: payload });
    await downloadVerified(options());
    writeFileSync(dest, 'old');
    await downloadVerified(options({ sha256: payloadSha }));
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('follows redirects, relative and absolute, and gives up on a loop', async () => {
    const target = files.route('/cdn/file.bin', { body: payload });
    const { options } = setup({ redirect: '/hop', status: 301 });
    files.route('/hop', { redirect: target, status: 307 });
    expect((await downloadVerified(options({ sha256: payloadSha }))).size).toBe(payload.length);

    files.route('/loop', { redirect: '/loop' });
    const looping = setup({ redirect: '/loop' });
    const error = await failureOf(downloadVerified(looping.options({ maxRedirects: 3 })));
    expect(error.code).toBe('download-failed');
    expect(error.message).toMatch(/too many redirects/);
    expect(files.hits('/loop')).toHaveLength(3);
  });

  it('refuses a redirect to another scheme', async () => {
    const { options } = setup({ redirect: 'ftp://files.invalid/file.bin' });
    const error = await failureOf(downloadVerified(options()));
    expect(error.message).toMatch(/refusing a redirect from http: to ftp:/);
  });

  it('fails at once on 404, naming the URL, with nothing at dest', async () => {
    const { url, route, dest, options } = setup({ status: 404 });
    const error = await failureOf(downloadVerified(options()));
    expect(error.code).toBe('download-failed');
    expect(error.message).toBe(`Could not download ${url}: the server answered 404 Not Found`);
    expect(error.hint).toMatch(/Check the URL/);
    expect(files.hits(route)).toHaveLength(1);
    expect(existsSync(dest)).toBe(false);
  });

  it('rejects a checksum mismatch, naming expected and actual, and leaves nothing behind', async () => {
    const { dest, options } = setup({ body: payload });
    const wrong = 'ab'.repeat(32);
    const error = await failureOf(downloadVerified(options({ sha256: wrong })));
    expect(error.code).toBe('checksum-mismatch');
    expect(error.message).toContain(`expected sha256 ${wrong}, got ${payloadSha}`);
    expect(error.hint).toMatch(/update the pinned sha256/);
    expect(existsSync(dest)).toBe(false);
    expect(leftovers(dest)).toEqual([]);
  });

  it('rejects a malformed sha256 before downloading', async () => {
    const { route, options } = setup({ body: payload });
    const error = await failureOf(downloadVerified(options({ sha256: 'abc' })));
    expect(error.code).toBe('invalid-option');
    expect(files.hits(route)).toHaveLength(0);
  });

  it('retries a 503 and a truncated body, then succeeds', async () => {
    const { route, log, options } = setup(
      { status: 503 },
      { truncate: MiB, body: payload },
      { body: payload },
    );
    const result = await downloadVerified(options({ sha256: payloadSha }));
    expect(result.size).toBe(payload.length);
    expect(files.hits(route)).toHaveLength(3);
    expect(log.warns).toHaveLength(2);
    expect(log.warns[0]).toMatch(/503 Service Unavailable; retrying in 10 ms \(attempt 2 of 4\)/);
    expect(log.warns[1]).toMatch(/the connection broke after \d+ of 2097152 bytes/);
  });

  it('gives up on a body that is always truncated, after the bounded attempts', async () => {
    const { route, dest, options } = setup({ truncate: 1000, body: payload });
    const error = await failureOf(downloadVerified(options({ attempts: 3 })));
    expect(error.code).toBe('download-failed');
    expect(error.message).toMatch(/broke after 1000 of 2097152 bytes.*gave up after 3 attempts/);
    expect(files.hits(route)).toHaveLength(3);
    expect(leftovers(dest)).toEqual([]);
  });

  it('times out a server that never answers', async () => {
    const { route, dest, options } = setup({ stall: 'headers', ms: Infinity, body: payload });
    const started = Date.now();
    const error = await failureOf(downloadVerified(options({ stallTimeoutMs: 300, attempts: 2 })));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toMatch(/no data for 300 ms \(stalled connection\).*gave up after 2 attempts/);
    expect(files.hits(route)).toHaveLength(2);
    expect(existsSync(dest)).toBe(false);
  });

  it('times out a body that stops flowing, and retries', async () => {
    const { log, options } = setup(
      { stall: 'body', after: MiB, ms: Infinity, body: payload },
      { body: payload },
    );
    await downloadVerified(options({ stallTimeoutMs: 300, sha256: payloadSha }));
    expect(log.warns[0]).toMatch(/no data for 300 ms/);
  });

  it('reports progress at most once per interval', async () => {
    // Half the body at once, then a pause, then the rest: progress lines, never two within one interval.
    const { log, options } = setup({ stall: 'body', after: MiB, ms: 250, body: payload });
    const stamped: number[] = [];
    const info = log.info;
    log.info = (message: string) => {
      if (/^Downloading file.bin: /.test(message)) stamped.push(performance.now());
      info(message);
    };
    await downloadVerified(options({ progressIntervalMs: 100, stallTimeoutMs: 5000 }));
    const progress = log.infos.filter((m) => /^Downloading file.bin: /.test(m));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < stamped.length; i++) expect(stamped[i]! - stamped[i - 1]!).toBeGreaterThanOrEqual(99);
    expect(progress[0]).toMatch(/^Downloading file.bin: [\d.]+ MiB of 2.0 MiB \(\d+%\), [\d.]+ \w+\/s$/);
  });

  it('stops when cancelled', async () => {
    const { dest, options } = setup({ stall: 'body', after: 1000, ms: Infinity, body: payload });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(
      downloadVerified(options({ signal: controller.signal, stallTimeoutMs: 10_000 })),
    );
    expect(error.code).toBe('cancelled');
    expect(leftovers(dest)).toEqual([]);
  });

  describe('content check', () => {
    const htmlPage = Buffer.from('<html>No such file</html>');

    it.each([
      ['a disc image', 'disc-image', 'an ISO 9660 or UDF disc image'],
      ['an MSI', 'msi', 'a Windows Installer package (an OLE compound file)'],
    ] as const)(
      'refuses a 25-byte HTML page served with 200 instead of %s: not retried, nothing left',
      async (_what, content, expected) => {
        expect(htmlPage).toHaveLength(25);
        const { url, route, dest, options } = setup({ body: htmlPage, contentType: 'text/html' });
        const error = await failureOf(downloadVerified(options({ content })));
        expect(error.code).toBe('download-failed');
        expect(error.message).toBe(`${url} did not serve ${expected}: it sent an HTML page (25 B)`);
        expect(error.hint).toMatch(/download the file yourself and pass its path/);
        expect(files.hits(route)).toHaveLength(1);
        expect(existsSync(dest)).toBe(false);
        expect(leftovers(dest)).toEqual([]);
      },
    );

    it('refuses other bytes too, naming them, also when the sha256 is pinned', async () => {
      const { dest, options } = setup({ body: payload });
      const error = await failureOf(downloadVerified(options({ content: 'msi', sha256: payloadSha })));
      expect(error.message).toMatch(
        /did not serve a Windows Installer package .*: it sent 2.0 MiB starting with bytes [0-9a-f ]+$/,
      );
      expect(existsSync(dest)).toBe(false);
    });

    it('accepts a real disc image and a real MSI', async () => {
      const iso = readFileSync(makeVirtioIso(dir, 'content-virtio'));
      const msi = readFileSync(makeMsi(dir));
      const disc = setup({ body: iso });
      expect((await downloadVerified(disc.options({ content: 'disc-image' }))).size).toBe(iso.length);
      const installer = setup({ body: msi });
      expect((await downloadVerified(installer.options({ content: 'msi' }))).size).toBe(msi.length);
    });
  });

  describe('minimum throughput', () => {
    // 1 KiB every 20 ms is about 50 KiB/s: far below 1 MiB/s, though a byte arrives every 20 ms.
    const trickle = { trickle: payload, chunk: 1024, everyMs: 20 };
    const minRate = { windowMs: 300, bytesPerSecond: MiB };

    it('drops a transfer slower than the minimum over its window and retries it', async () => {
      const { route, dest, log, options } = setup(trickle, { body: payload });
      const result = await downloadVerified(options({ minRate, sha256: payloadSha }));
      expect(result.size).toBe(payload.length);
      expect(readFileSync(dest).equals(payload)).toBe(true);
      expect(files.hits(route)).toHaveLength(2);
      expect(log.warns).toEqual([
        expect.stringMatching(
          /failed: the transfer was too slow: [\d.]+ KiB in 300 ms, below the minimum of 1.0 MiB\/s; retrying in 10 ms \(attempt 2 of 4\)$/,
        ),
      ]);
    });

    it('gives up with the too-slow error after the bounded attempts, leaving nothing', async () => {
      const { route, dest, options } = setup(trickle);
      const error = await failureOf(downloadVerified(options({ minRate, attempts: 2 })));
      expect(error.code).toBe('download-failed');
      expect(error.message).toMatch(/: the transfer was too slow: .* \(gave up after 2 attempts\)$/);
      expect(files.hits(route)).toHaveLength(2);
      expect(leftovers(dest)).toEqual([]);
    });
  });
});
