/**
 * The package as a user gets it: `npm pack` of the repository, installed from the tarball into a fresh project
 * with the npm registry out of reach (the package has no runtime dependencies: dist/ is a self-contained
 * bundle). The CLI runs from node_modules/.bin, `import … from 'bake-windows-image'` resolves through
 * package.json "exports" to dist/lib.js, and a TypeScript consumer type-checks against dist/types/.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

let dir: string;
let project: string;
let tarball: string;
let cli: string;

function npm(args: string[], cwd: string): string {
  // Its own cache, offline, and no registry it could reach: nothing comes from the network.
  return execFileSync(
    'npm',
    [...args, '--cache', path.join(dir, 'npm-cache'), '--registry', 'http://127.0.0.1:9'],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      },
    },
  );
}

beforeAll(() => {
  dir = tempDir('npm-pack');
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], REPO)) as {
    filename: string;
  }[];
  tarball = path.join(dir, packed[0]!.filename);
  project = path.join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
  npm(['install', '--offline', '--no-save', tarball], project);
  cli = path.join(project, 'node_modules', '.bin', 'bake-windows-image');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('holds what runs and nothing else: no tests, sources, caches or keys', () => {
  const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  const files = listing.map((line) =>
    line
      .split(/\s+/)
      .pop()!
      .replace(/^package\//, ''),
  );
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'action.yml',
      'dist/cli.js',
      'dist/lib.js',
      'dist/index.js',
      'dist/package.json',
      'dist/types/lib.d.ts',
      'templates/autounattend.xml.mustache',
      'templates/first-logon.ps1.mustache',
      'schemas/progress-event.schema.json',
    ]),
  );
  const unexpected = files.filter(
    (f) =>
      !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE|action\.yml)$/.test(f) &&
      !/^(dist|templates|schemas)\//.test(f),
  );
  expect(unexpected).toEqual([]);
  expect(
    files.filter((f) => /(^|\/)(\.cache|__tests__|node_modules|\.env|id_[a-z0-9]+)(\/|$)|\.pem$/.test(f)),
  ).toEqual([]);
  // The CLI is executable as packed (npm also sets the bit on install) and starts with its shebang.
  expect(listing.find((line) => line.endsWith('package/dist/cli.js'))).toMatch(/^-rwx/);
  expect(readFileSync(path.join(REPO, 'dist', 'cli.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

it('installs no dependencies: the bundle is self-contained', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(manifest.dependencies).toBeUndefined();
  expect(
    execFileSync('ls', [path.join(project, 'node_modules')], { encoding: 'utf8' })
      .trim()
      .split('\n'),
  ).toEqual(['bake-windows-image']);
});

it('runs the CLI from node_modules/.bin: --version, --help, list-editions', async () => {
  const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
  expect(execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
  expect(execFileSync(cli, ['--help'], { encoding: 'utf8' })).toContain(
    'bake-windows-image list-editions --iso PATH',
  );
  const iso = await makeWindowsIso(dir, 'cli');
  const listed = JSON.parse(
    execFileSync(cli, ['list-editions', '--iso', iso, '--json'], { encoding: 'utf8' }),
  );
  expect(listed).toMatchObject({ ok: true, images: [{ name: 'Windows 11 Pro', editionId: 'Professional' }] });
});

it('imports the library: lists editions, validates options, plans a build (templates found)', async () => {
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
