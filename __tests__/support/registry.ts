/**
 * A real registry for tests: Debian's docker-registry (distribution 2.8) on a free loopback port, plain http,
 * storing in a temp dir; optionally token-protected, with a small token server here (RS256 JWTs whose x5c
 * certificate is the registry's rootcertbundle, access claims for the scope asked, Basic credentials checked).
 * The proxy that goes in front of it: registry-proxy.ts.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const DOCKER_REGISTRY = '/usr/bin/docker-registry';

/** SHA-256 (hex) of a small file. */
export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A real qcow2 with `mib` MiB of random data written into it (so it does not compress to nothing). */
export function makeQcow2(dir: string, name: string, mib: number): string {
  const raw = path.join(dir, `${name}.raw`);
  const file = path.join(dir, `${name}.qcow2`);
  execFileSync('dd', ['if=/dev/urandom', `of=${raw}`, 'bs=1M', `count=${mib}`], { stdio: 'ignore' });
  execFileSync('qemu-img', ['convert', '-O', 'qcow2', raw, file]);
  rmSync(raw);
  return file;
}

/** skopeo, async: a token server skopeo asks may run in the test's own process, which execFileSync would block. */
export async function skopeo(args: string[]): Promise<string> {
  return (await promisify(execFile)('skopeo', args, { encoding: 'utf8' })).stdout;
}

export interface TestRegistry {
  /** host:port of the registry itself. */
  host: string;
  dir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

async function waitForRegistry(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const request = http.get(`http://${host}/v2/`, (response) => {
        response.resume();
        resolve(response.statusCode === 200 || response.statusCode === 401);
      });
      request.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not start: ${log()}`);
}

export interface TokenAuth {
  username: string;
  password: string;
}

/** Starts docker-registry; with `auth`, behind a token server that knows that one user. */
export async function startRegistry(auth?: TokenAuth): Promise<TestRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let tokenServer: http.Server | undefined;
  const config = [
    'version: 0.1',
    'log: { level: info, accesslog: { disabled: false } }',
    `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: "${host}", secret: "${randomUUID()}" }`,
  ];
  if (auth) {
    const token = await startTokenServer(dir, auth);
    tokenServer = token.server;
    config.push(
      `auth: { token: { realm: "${token.realm}", service: test-registry, issuer: test-issuer, rootcertbundle: ${token.cert} } }`,
    );
  }
  writeFileSync(path.join(dir, 'config.yml'), config.join('\n') + '\n');
  const child = spawn(DOCKER_REGISTRY, ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitForRegistry(host, child, () => log);
  return {
    host,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      tokenServer?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** The token service: Basic credentials in, a JWT out with the access the scope asks for. */
async function startTokenServer(dir: string, auth: TokenAuth) {
  const key = path.join(dir, 'token.key');
  const cert = path.join(dir, 'token.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=test-token',
    ],
    {
      stdio: 'ignore',
    },
  );
  const keyPem = readFileSync(key, 'utf8');
  const certDer = readFileSync(cert, 'utf8').replace(/-----[A-Z ]+-----|\s/g, '');
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'Content-Type': 'application/json' });
      response.end('{"details":"wrong credentials"}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const claims = base64url(
      JSON.stringify({
        iss: 'test-issuer',
        sub: auth.username,
        aud: url.searchParams.get('service'),
        exp: now + 600,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(keyPem);
    const token = `${header}.${claims}.${base64url(signature)}`;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ token, access_token: token, expires_in: 600 }));
  });
  const port = await listen(server);
  return { server, realm: `http://127.0.0.1:${port}/token`, cert };
}
