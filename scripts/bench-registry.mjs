// Measures pushing an image to a registry: the CLI's push-image against skopeo copying the same blob from an
// OCI layout, and against curl uploading it in one monolithic PUT (the least any client can do), all to one
// local docker-registry in the same run. Prints seconds and ratios; asserts nothing.
//   node scripts/bench-registry.mjs [--mib 1024] [--runs 3]
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { mib: { type: 'string', default: '1024' }, runs: { type: 'string', default: '3' } },
});
const mib = Number(values.mib);
const runs = Number(values.runs);
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-registry-'));

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function sha256(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/** Seconds a command takes (it must succeed). */
function timed(command, args, options = {}) {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { stdio: ['pipe', 'ignore', 'inherit'], ...options });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const image = path.join(dir, 'win.qcow2');
console.log(`Making a ${mib} MiB qcow2 of random data…`);
execFileSync('dd', ['if=/dev/urandom', `of=${image}.raw`, 'bs=1M', `count=${mib}`], { stdio: 'ignore' });
execFileSync('qemu-img', ['convert', '-O', 'qcow2', `${image}.raw`, image]);
rmSync(`${image}.raw`);
const size = statSync(image).size;
const digest = `sha256:${await sha256(image)}`;

// The same blob as an OCI layout, for skopeo: an artifact manifest with the qcow2 as its only layer.
const layout = path.join(dir, 'layout');
mkdirSync(path.join(layout, 'blobs', 'sha256'), { recursive: true });
linkSync(image, path.join(layout, 'blobs', 'sha256', digest.slice(7)));
const put = (text) => {
  const hex = createHash('sha256').update(text).digest('hex');
  writeFileSync(path.join(layout, 'blobs', 'sha256', hex), text);
  return { digest: `sha256:${hex}`, size: Buffer.byteLength(text) };
};
const config = put('{}');
const manifest = put(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size }],
  }),
);
writeFileSync(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
writeFileSync(
  path.join(layout, 'index.json'),
  JSON.stringify({
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...manifest,
        annotations: { 'org.opencontainers.image.ref.name': 'bench' },
      },
    ],
  }),
);

/**
 * A fresh docker-registry (new port, empty storage) for each client and run: a registry that stored the blob
 * once (for any repository) only links it on the next upload, and skopeo remembers where it pushed a blob and
 * would mount it from there instead of uploading it again.
 */
async function startRegistry(run) {
  const host = `127.0.0.1:${await freePort()}`;
  const config = path.join(dir, `config${run}.yml`);
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, `data${run}`)} }, delete: { enabled: true } }`,
      `http: { addr: "${host}", secret: "${randomUUID()}" }`,
    ].join('\n') + '\n',
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      execFileSync('curl', ['-sf', `http://${host}/v2/`], { stdio: 'ignore' });
      break;
    } catch {
      if (i > 100) throw new Error('docker-registry did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { host, stop: () => child.kill() };
}

const results = { ours: [], oursAgain: [], oursChunked: [], skopeo: [], curl: [] };
/** Times `push(host)` against a registry of its own: none has the blob, so every byte goes over the wire. */
let registries = 0;
async function onFreshRegistry(push) {
  const { host, stop } = await startRegistry(registries++);
  try {
    return await push(host);
  } finally {
    stop();
  }
}
const cli = (host, ...more) => [
  'dist/cli.js',
  'push-image',
  '--image',
  image,
  '--insecure',
  '--format',
  'artifact',
  '--ref',
  `${host}/ours:t`,
  ...more,
];
try {
  for (let run = 0; run < runs; run++) {
    results.skopeo.push(
      await onFreshRegistry((host) =>
        timed('skopeo', [
          'copy',
          '--quiet',
          '--dest-tls-verify=false',
          `oci:${layout}:bench`,
          `docker://${host}/skopeo:t`,
        ]),
      ),
    );
    // curl: POST for an upload URL, then the whole blob in one PUT.
    results.curl.push(
      await onFreshRegistry((host) =>
        timed('bash', [
          '-c',
          `set -e; loc=$(curl -sf -X POST -D - -o /dev/null http://${host}/v2/curl/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p');
           case "$loc" in http*) ;; *) loc="http://${host}$loc";; esac
           sep='?'; case "$loc" in *\\?*) sep='&';; esac
           curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary @${image} "$loc\${sep}digest=${digest}" -o /dev/null`,
        ]),
      ),
    );
    await onFreshRegistry((host) => {
      results.ours.push(timed('node', cli(host), { cwd: REPO }));
      // The same again: the blobs are there, HEAD only.
      results.oursAgain.push(timed('node', cli(host), { cwd: REPO }));
    });
    // Opt-in chunks (for a proxy's body limit).
    results.oursChunked.push(
      await onFreshRegistry((host) => timed('node', cli(host, '--chunk-size', '50MiB'), { cwd: REPO })),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const mibps = (seconds) => (size / 1048576 / seconds).toFixed(0);
console.log(`\nPushing ${(size / 1048576).toFixed(0)} MiB to a local docker-registry (median of ${runs}):`);
console.log(
  `  push-image (hash + one streamed PATCH + manifest): ${m.ours.toFixed(2)} s  ${mibps(m.ours)} MiB/s`,
);
console.log(`  push-image again (HEAD only):                 ${m.oursAgain.toFixed(2)} s`);
console.log(
  `  push-image --chunk-size 50MiB:                ${m.oursChunked.toFixed(2)} s  ${mibps(m.oursChunked)} MiB/s`,
);
console.log(
  `  skopeo copy from an OCI layout:               ${m.skopeo.toFixed(2)} s  ${mibps(m.skopeo)} MiB/s`,
);
console.log(`  curl, one monolithic PUT:                     ${m.curl.toFixed(2)} s  ${mibps(m.curl)} MiB/s`);
console.log(
  `  ratios: push-image/skopeo ${(m.ours / m.skopeo).toFixed(2)}, push-image/curl ${(m.ours / m.curl).toFixed(2)}, chunked/streamed ${(m.oursChunked / m.ours).toFixed(2)}`,
);
