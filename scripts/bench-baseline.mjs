// Benchmarks of the nightly baseline, run by scripts/bench.mjs:
//   warm vs cold   a stand-in bake with --base-cache into an empty cache (miss: install + keep the base) and
//                  again into the same cache (hit: boot the base), both with one provisioning script
//   tail per GiB   guest off → image ready on a synthetic disk: zstd compaction with qemu-img's defaults and
//                  with -m N -W (N = cores, at most 16), then qemu-img check and sha256, per GiB allocated
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** One CLI bake; resolves to its wall time in ms and the JSON result. */
function bake(root, args) {
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'build-image', ...args, '--json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`bake failed (${run.status}): ${run.stdout}`);
  return { ms, result: JSON.parse(run.stdout) };
}

export function warmVsCold(root, common) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-bench-base-'));
  try {
    const provision = ['--provision', path.join(root, 'examples/provision/baseline.ps1')];
    const cache = ['--base-cache', path.join(dir, 'bases')];
    const run = (name) =>
      bake(root, [...common, ...cache, ...provision, '--output', path.join(dir, `${name}.qcow2`)]);
    const cold = run('cold');
    const warm = run('warm');
    if (cold.result.base?.status !== 'miss' || warm.result.base?.status !== 'hit') {
      throw new Error(
        `expected a miss then a hit, got ${cold.result.base?.status} then ${warm.result.base?.status}`,
      );
    }
    return { coldMs: cold.ms, warmMs: warm.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/**
 * A qcow2 with `gib` GiB allocated, like a Windows disk's mix: a third random (compressed files, binaries),
 * a third repetitive text (logs, manifests), a third filled with one byte (sparse-ish data files).
 */
function syntheticDisk(file, gib) {
  const raw = `${file}.raw`;
  const third = Math.floor((gib * 1024) / 3);
  execFileSync('dd', ['if=/dev/urandom', `of=${raw}`, 'bs=1M', `count=${third}`, 'status=none']);
  const text = Buffer.from(
    '2026-12-03 04:12:55, Info CBS Loaded servicing stack v10.0.26100.1 with core\n'.repeat(13_000),
  );
  execFileSync('bash', [
    '-c',
    `for i in $(seq ${third}); do head -c 1048576 "$0"; done >> "$1"`,
    writeTemp(text),
    raw,
  ]);
  execFileSync('bash', ['-c', `head -c ${third * 1048576} /dev/zero | tr '\\0' 'Z' >> "$0"`, raw]);
  execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, file]);
  rmSync(raw);
}

function writeTemp(buffer) {
  const file = path.join(os.tmpdir(), `bwi-bench-text-${process.pid}`);
  writeFileSync(file, buffer);
  return file;
}

export async function tailPerGib(gib) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-bench-tail-'));
  try {
    const disk = path.join(dir, 'disk.qcow2');
    syntheticDisk(disk, gib);
    const allocated = statSync(disk).blocks * 512;
    const cores = Math.max(1, Math.min(os.availableParallelism(), 16));
    const runs = {};
    for (const [name, extra] of [
      ['defaults', []],
      [`-m ${cores} -W`, ['-m', String(cores), '-W']],
    ]) {
      const target = path.join(dir, 'out.qcow2');
      const start = performance.now();
      execFileSync('qemu-img', [
        'convert',
        '-O',
        'qcow2',
        '-c',
        '-o',
        'compression_type=zstd',
        ...extra,
        disk,
        target,
      ]);
      const converted = performance.now();
      execFileSync('qemu-img', ['check', '-q', target]);
      await sha256(target);
      const end = performance.now();
      runs[name] = { convertMs: converted - start, tailMs: end - start };
      rmSync(target);
    }
    return { allocatedGib: allocated / 2 ** 30, cores, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
