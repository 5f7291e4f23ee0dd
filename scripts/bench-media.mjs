// Benchmark of reading the edition list of a Windows ISO in place (src/media): how long it takes and how many
// bytes it reads, against a real ISO or a Windows-like one built here (UDF-only sources/ as on Microsoft's
// ISOs, ~900 files in sources/, a 5.5 GiB install.wim whose XML lies at its end, past 4 GiB).
//
// Usage: node scripts/bench-media.mjs [--iso PATH] [--runs N] [--work DIR] [--drop-caches]
//   --iso PATH       bench this ISO instead of building one
//   --work DIR       build (or reuse) the test ISO in DIR and keep it; default: a temp dir, deleted at the end
//   --drop-caches    drop the page cache before each run (root only) to measure cold reads
// Building the test ISO takes about a minute (wimcapture reads and writes 5.5 GiB); it stays sparse on disk.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs')) || 5;
const dropCaches = args.includes('--drop-caches');

// The modules are TypeScript: transpile src/media (and what it imports) into a scratch directory.
const build = mkdtempSync(path.join(os.tmpdir(), 'bwi-bench-media-build-'));
for (const file of [
  'src/errors.ts',
  ...readdirSync(path.join(root, 'src/media')).map((name) => `src/media/${name}`),
]) {
  const output = ts.transpileModule(readFileSync(path.join(root, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  mkdirSync(path.dirname(path.join(build, file)), { recursive: true });
  writeFileSync(path.join(build, file.replace(/\.ts$/, '.js')), output);
}
const { openDisc } = await import(path.join(build, 'src/media/disc-fs.js'));
const { findInstallImage, readWindowsImages } = await import(path.join(build, 'src/media/install-image.js'));
const { readWimInfo } = await import(path.join(build, 'src/media/wim.js'));

const work = option('--work') ?? mkdtempSync(path.join(os.tmpdir(), 'bwi-bench-media-'));
const iso = option('--iso') ?? path.join(work, 'windows-like.iso');
try {
  if (!option('--iso') && !existsSync(iso)) buildWindowsLikeIso(work, iso);
  await bench(iso);
} finally {
  rmSync(build, { recursive: true, force: true });
  if (!option('--work') && !option('--iso')) rmSync(work, { recursive: true, force: true });
}

function sh(command) {
  execFileSync('bash', ['-c', `set -eo pipefail; ${command}`], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function buildWindowsLikeIso(dir, output) {
  const started = performance.now();
  const source = path.join(dir, 'src');
  const files = {
    'setup.exe': 'MZ',
    'autorun.inf': '[AutoRun]\r\nopen=setup.exe\r\n',
    'boot/bcd': Buffer.alloc(16384),
    'boot/boot.sdi': Buffer.alloc(3170304),
    'efi/boot/bootx64.efi': Buffer.alloc(2 ** 20),
    'efi/microsoft/boot/efisys.bin': Buffer.alloc(1474560),
  };
  for (let i = 0; i < 900; i++)
    files[`sources/component-${String(i).padStart(4, '0')}.dll`] = Buffer.alloc(i * 97);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    writeFileSync(path.join(source, file), content);
  }
  // install.wim: an uncompressed image of 5.5 GiB of (sparse) zeros plus two small images, so that its XML
  // lies at its end, past 4 GiB; then the zeros are turned back into holes.
  const tree = path.join(dir, 'tree');
  mkdirSync(path.join(tree, 'Windows'), { recursive: true });
  writeFileSync(path.join(tree, 'Windows', 'big.bin'), '');
  truncateSync(path.join(tree, 'Windows', 'big.bin'), 5.5 * 2 ** 30);
  const wim = path.join(source, 'sources', 'install.wim');
  const properties = (edition, build) =>
    [
      `--image-property WINDOWS/EDITIONID=${edition}`,
      '--image-property WINDOWS/INSTALLATIONTYPE=Client',
      '--image-property WINDOWS/ARCH=9',
      '--image-property WINDOWS/VERSION/MAJOR=10',
      '--image-property WINDOWS/VERSION/MINOR=0',
      `--image-property WINDOWS/VERSION/BUILD=${build}`,
      '--image-property WINDOWS/LANGUAGES/LANGUAGE=en-US',
      '--image-property WINDOWS/LANGUAGES/DEFAULT=en-US',
    ].join(' ');
  sh(`wimcapture --compress=none '${tree}' '${wim}' 'Windows 11 Pro' ${properties('Professional', 26100)}`);
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(path.join(tree, 'Windows'), { recursive: true });
  writeFileSync(path.join(tree, 'Windows', 'small.txt'), 'small');
  sh(`wimappend '${tree}' '${wim}' 'Windows 11 Home' ${properties('Core', 26100)}`);
  sh(`wimappend '${tree}' '${wim}' 'Windows 11 Education' ${properties('Education', 26100)}`);
  sh(`fallocate --dig-holes '${wim}'`);
  sh(`wimcapture '${tree}' '${path.join(source, 'sources', 'boot.wim')}' 'Microsoft Windows Setup (amd64)'`);
  rmSync(tree, { recursive: true, force: true });
  // UDF with sources/ only there, as Microsoft masters it; written sparse.
  sh(
    `genisoimage -udf -allow-limited-size -quiet -V CCCOMA_X64FRE_EN-US_DV9 -hide sources '${source}' ` +
      `| dd of='${output}' bs=1M iflag=fullblock conv=sparse status=none`,
  );
  rmSync(source, { recursive: true, force: true });
  console.log(`built ${output} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Bytes this process has read through read(2) and friends so far. */
function bytesRead() {
  return Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
}

function drop() {
  if (dropCaches) sh('sync; echo 3 > /proc/sys/vm/drop_caches');
}

async function timed(fn) {
  const before = bytesRead();
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, bytes: bytesRead() - before, result };
}

async function bench(image) {
  const size = Number(execFileSync('stat', ['-c', '%s', image], { encoding: 'utf8' }));
  console.log(
    `image: ${image} (${(size / 1e9).toFixed(2)} GB)${dropCaches ? ', page cache dropped before each run' : ''}`,
  );
  const totals = [];
  for (let run = 0; run < runs; run++) {
    drop();
    const { ms, bytes, result } = await timed(() => readWindowsImages(image));
    totals.push({ ms, bytes });
    if (run === 0) {
      console.log(
        `${result.discKind}: ${result.path} (${(result.size / 2 ** 30).toFixed(2)} GiB), ${result.images.length} images:`,
      );
      for (const item of result.images) {
        console.log(
          `  ${item.index}. ${item.name} [${item.editionId ?? '?'} ${item.arch ?? '?'} ${item.version?.build ?? '?'}]`,
        );
      }
    }
  }
  totals.sort((a, b) => a.ms - b.ms);
  const median = totals[Math.floor(totals.length / 2)];
  console.log(
    `readWindowsImages: median ${median.ms.toFixed(1)} ms, min ${totals[0].ms.toFixed(1)} ms, ` +
      `max ${totals[totals.length - 1].ms.toFixed(1)} ms over ${runs} runs; ${(median.bytes / 1024).toFixed(0)} KiB read`,
  );

  // One run by phase.
  drop();
  const open = await timed(() => openDisc(image));
  const disc = open.result;
  try {
    const find = await timed(() => findInstallImage(disc));
    const entry = await disc.stat(find.result);
    const wim = await timed(() =>
      readWimInfo((o, l) => disc.read(find.result, o, l), find.result, entry.size),
    );
    for (const [phase, t] of [
      ['open (descriptors)', open],
      ['find install image (directories)', find],
      ['WIM header + XML', wim],
    ]) {
      console.log(
        `  ${phase.padEnd(34)} ${t.ms.toFixed(1).padStart(8)} ms ${(t.bytes / 1024).toFixed(0).padStart(7)} KiB`,
      );
    }
  } finally {
    await disc.close();
  }
}
