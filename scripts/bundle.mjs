// Builds the committed, self-contained ESM bundles: dist/index.js (the action), dist/cli.js (the CLI) and
// dist/lib.js (the library, package.json "exports", with its declarations in dist/types/).
// `node dist/cli.js` must run from a clean clone without node_modules; templates/ is read at run time
// from the repository (one level above dist/).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ncc = path.join(root, 'node_modules', '.bin', 'ncc');
const dist = path.join(root, 'dist');
const staging = path.join(root, '.cache', 'bundle');
// Everything goes here first; dist/ is replaced only once both bundles built (a failure leaves it as it was).
const next = path.join(staging, 'dist');

function bundle(entry, name) {
  const out = path.join(staging, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(ncc, ['build', entry, '-o', out, '--quiet', '--target', 'es2022'], {
    cwd: root,
    stdio: 'inherit',
  });
  // ssh2's optional native helpers (cpu-features, sshcrypto.node) and its Windows pageant helper: ssh2 loads
  // them inside try/catch and falls back to pure JavaScript, which is what runs on any runner's Node.
  for (const optional of ['build', 'lib', 'pagent.exe'])
    rmSync(path.join(out, optional), { recursive: true, force: true });
  // Dynamic imports become chunks (`<id>.index.js`) that index.js loads from its own directory.
  const chunks = readdirSync(out).filter((f) => /^\d+\.index\.js$/.test(f));
  for (const chunk of chunks) copyFileSync(path.join(out, chunk), path.join(next, chunk));
  if (chunks.length > 0 && name !== 'index') throw new Error(`${entry}: chunks would collide with index's`);
  const files = readdirSync(out).filter((f) => f !== 'package.json' && !chunks.includes(f));
  if (files.join() !== 'index.js') {
    throw new Error(
      `ncc emitted assets for ${entry} (${files.join(', ')}); keep runtime paths out of its reach`,
    );
  }
  copyFileSync(path.join(out, 'index.js'), path.join(next, `${name}.js`));
}

rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
bundle('src/index.ts', 'index');
bundle('src/cli.ts', 'cli');
bundle('src/lib.ts', 'lib');
execFileSync(
  path.join(root, 'node_modules', '.bin', 'tsc'),
  ['-p', 'tsconfig.types.json', '--outDir', path.join(next, 'types')],
  { cwd: root, stdio: 'inherit' },
);
chmodSync(path.join(next, 'cli.js'), 0o755);
writeFileSync(path.join(next, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
if (!existsSync(path.join(next, 'index.js'))) throw new Error('dist/index.js missing');
rmSync(dist, { recursive: true, force: true });
renameSync(next, dist);
