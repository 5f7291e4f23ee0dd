/**
 * The library as a user gets it: `import … from 'bake-windows-image'` resolves through package.json "exports"
 * to the committed bundle dist/lib.js and its declarations in dist/types/, with no node_modules of ours.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

let dir: string;
let project: string;

beforeAll(() => {
  dir = tempDir('package');
  // What npm installs from the package: its "files" (dist, templates, action.yml) and package.json.
  project = path.join(dir, 'consumer');
  const installed = path.join(project, 'node_modules', 'bake-windows-image');
  mkdirSync(installed, { recursive: true });
  for (const entry of ['dist', 'templates', 'package.json']) {
    cpSync(path.join(REPO, entry), path.join(installed, entry), { recursive: true });
  }
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ type: 'module' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs from the bundle: lists editions, validates options, plans a build', async () => {
  const iso = await makeWindowsIso(dir, 'windows');
  const virtio = makeVirtioIso(dir);
  writeFileSync(
    path.join(project, 'use.mjs'),
    `import { BuildError, WindowsImageBuilder, osForImage, readWindowsImages } from 'bake-windows-image';
const [iso, virtio, output] = process.argv.slice(2);
const media = await readWindowsImages(iso);
let invalid;
try {
  new WindowsImageBuilder({ iso, virtioWinIso: virtio, output, cpus: 0 });
} catch (error) {
  invalid = { isBuildError: error instanceof BuildError, exitCode: error.exitCode };
}
const result = await new WindowsImageBuilder({
  iso, virtioWinIso: virtio, output, dryRun: true, accel: 'tcg', firmware: 'bios',
}).build();
console.log(JSON.stringify({ names: media.images.map((i) => i.name), os: osForImage(media.images[0]), invalid, kind: result.kind, planOs: result.plan.os }));
`,
  );
  const stdout = execFileSync(
    process.execPath,
    ['use.mjs', iso, virtio, path.join(dir, 'out', 'image.qcow2')],
    { cwd: project, encoding: 'utf8', env: { ...process.env, TMPDIR: dir } },
  );
  expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
    names: ['Windows 11 Pro'],
    os: 'w11',
    invalid: { isBuildError: true, exitCode: 2 },
    kind: 'plan',
    planOs: 'w11',
  });
});

it('type-checks a TypeScript consumer against the shipped declarations', () => {
  writeFileSync(
    path.join(project, 'use.ts'),
    `import { WindowsImageBuilder, type BuildResult, type WimImage } from 'bake-windows-image';
const builder = new WindowsImageBuilder({ iso: 'a.iso', virtioWinIso: 'v.iso', output: 'o.qcow2', diskSizeMiB: 65536 });
export const run: Promise<BuildResult> = builder.build();
export const name = (image: WimImage): string => image.name;
`,
  );
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      // A Node.js consumer has @types/node (the declarations use Buffer); ours stands in for theirs.
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [path.join(REPO, 'node_modules', '@types')],
      },
      files: ['use.ts'],
    }),
  );
  // Throws (failing the test) with tsc's diagnostics when the declarations are missing or wrong.
  execFileSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', project], { encoding: 'utf8' });
});
