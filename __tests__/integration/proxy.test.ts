/**
 * Downloads and the HEAD that resolves a stable URL go through HTTPS_PROXY / HTTP_PROXY (either case), unless
 * NO_PROXY names the host or the host is loopback: against a real forward proxy written here, which tunnels
 * CONNECT and forwards absolute-URI requests, and knows one host name (mirror.test) that nothing else resolves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { downloadVerified } from '../../src/deps/download.js';
import { resolveRedirects } from '../../src/deps/http-get.js';
import { silentLogger } from '../../src/log.js';
import { applyEnv, FileServer } from '../support/actions-server.js';
import { failureOf } from '../support/build.js';
import { tempDir } from '../support/cli.js';

const MIRROR = 'mirror.test';
const payload = randomBytes(256 * 1024);
const payloadSha = createHash('sha256').update(payload).digest('hex');
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** A forward proxy: what it was asked for, in order ("CONNECT host:port" or "GET http://…"). */
class Proxy {
  readonly seen: string[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly files: FileServer) {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) =>
      this.tunnel(req, client, head),
    );
    this.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(files: FileServer): Promise<Proxy> {
    const proxy = new Proxy(files);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** mirror.test is the file server; any other name is unknown here too. */
  private target(host: string, port: number): { host: string; port: number } | undefined {
    return host === MIRROR && port === this.files.port ? { host: '127.0.0.1', port } : undefined;
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    this.seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const target = this.target(host ?? '', Number(port));
    if (!target) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(target.port, target.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.seen.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/');
    const target = this.target(url.hostname, Number(url.port));
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    const upstream = http.request(
      { ...target, method: req.method, path: url.pathname + url.search, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

let files: FileServer;
let proxy: Proxy;
let dir: string;
let restoreEnv: (() => void) | undefined;
let counter = 0;

beforeAll(async () => {
  files = await FileServer.start();
  proxy = await Proxy.start(files);
  dir = tempDir('proxy');
});
afterAll(async () => {
  await proxy.close();
  await files.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  restoreEnv?.();
  restoreEnv = undefined;
});

/** Only these proxy variables set, for this test. */
function proxyEnv(vars: Record<string, string>): void {
  restoreEnv = applyEnv({ ...Object.fromEntries(PROXY_VARS.map((name) => [name, undefined])), ...vars });
}

function mirrorRoute(): { route: string; url: string; dest: string } {
  const route = `/proxied/${++counter}/virtio-win.iso`;
  files.route(route, { body: payload });
  return {
    route,
    url: `http://${MIRROR}:${files.port}${route}`,
    dest: path.join(dir, `case-${counter}`, 'virtio-win.iso'),
  };
}

const fast = { logger: silentLogger, retryDelayMs: 10, stallTimeoutMs: 5000 };

describe('proxies', () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('a download goes through %s', async (variable) => {
    proxyEnv({ [variable]: proxy.url });
    const { route, url, dest } = mirrorRoute();
    const before = proxy.seen.length;
    const result = await downloadVerified({ ...fast, url, dest, sha256: payloadSha });
    expect(result.size).toBe(payload.length);
    expect(proxy.seen.slice(before)).toEqual([`CONNECT ${MIRROR}:${files.port}`]);
    expect(files.hits(route)).toHaveLength(1);
  });

  it('the HEAD that resolves a stable URL goes through the same proxy', async () => {
    proxyEnv({ HTTP_PROXY: proxy.url });
    const { route, url } = mirrorRoute();
    files.route('/proxied/stable.iso', { redirect: route });
    const before = proxy.seen.length;
    const stable = `http://${MIRROR}:${files.port}/proxied/stable.iso`;
    expect(await resolveRedirects(stable, { logger: silentLogger })).toBe(url);
    expect(proxy.seen.slice(before)).toEqual([
      `CONNECT ${MIRROR}:${files.port}`,
      `CONNECT ${MIRROR}:${files.port}`,
    ]);
    expect(files.hits('/proxied/stable.iso').map((r) => r.method)).toEqual(['HEAD']);
    expect(files.hits(route).map((r) => r.method)).toEqual(['HEAD']);
  });

  it.each(['NO_PROXY', 'no_proxy'])('%s exempts a host: the proxy is not asked', async (variable) => {
    proxyEnv({ HTTP_PROXY: proxy.url, [variable]: `example.org, ${MIRROR}` });
    const { route, url, dest } = mirrorRoute();
    const before = proxy.seen.length;
    // Direct, mirror.test does not resolve: the download fails, and neither server heard of it.
    await failureOf(downloadVerified({ ...fast, url, dest, attempts: 1 }));
    expect(proxy.seen.slice(before)).toEqual([]);
    expect(files.hits(route)).toHaveLength(0);
  });

  it.each([
    ['with NO_PROXY=127.0.0.1,localhost', { NO_PROXY: '127.0.0.1,localhost' }],
    ['even without NO_PROXY', {}],
  ])('loopback URLs never go through the proxy (%s)', async (_what, extra: Record<string, string>) => {
    proxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, ...extra });
    const { route, dest } = mirrorRoute();
    const before = proxy.seen.length;
    for (const host of ['127.0.0.1', 'localhost']) {
      const url = `http://${host}:${files.port}${route}`;
      expect((await downloadVerified({ ...fast, url, dest, sha256: payloadSha })).size).toBe(payload.length);
    }
    expect(proxy.seen.slice(before)).toEqual([]);
    expect(files.hits(route)).toHaveLength(2);
  });

  it('a proxy that refuses the host: the error names the proxy and NO_PROXY', async () => {
    proxyEnv({ HTTP_PROXY: proxy.url });
    const url = `http://unknown.test:${files.port}/x.iso`;
    const error = await failureOf(
      downloadVerified({ ...fast, url, dest: path.join(dir, 'refused', 'x.iso'), attempts: 2 }),
    );
    expect(error.code).toBe('download-failed');
    expect(error.message).toMatch(
      /^Could not download http:\/\/unknown\.test:\d+\/x\.iso: .*gave up after 2 attempts/,
    );
    expect(error.hint).toContain(`The request went through the proxy ${proxy.url}`);
    expect(error.hint).toContain('NO_PROXY');
  });
});
