/**
 * Every workflow file passes scripts/lint-workflows.mjs (actionlint, and our action's and reusable workflow's
 * contracts), and the linter bites: broken copies of the real files, in a temp dir, are each reported.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, tempDir } from '../support/cli.js';

// js-yaml ships no types; the one function used, typed here (as option-docs.test.ts does).
const yaml = (await import('js-yaml' as string)) as { load: (text: string) => unknown };

const LINT = path.join(REPO, 'scripts', 'lint-workflows.mjs');
const REUSABLE = '.github/workflows/bake-windows.yml';
const FLEET_EXAMPLE = 'examples/workflows/nightly-fleet.yml';

let dir: string;
beforeAll(() => {
  dir = tempDir('workflows');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(...files: string[]): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, [LINT, ...files], { cwd: REPO, encoding: 'utf8' });
  return { code: run.status, out: run.stdout + run.stderr };
}

const source = (file: string) => readFileSync(path.join(REPO, file), 'utf8');

/** A copy of a real workflow file with one change, which must be there to make. */
function broken(file: string, from: string, to: string): string {
  const text = source(file);
  expect(text).toContain(from);
  const copy = path.join(dir, `${path.basename(file, '.yml')}-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(copy, text.replace(from, to));
  return copy;
}

it('passes every workflow file of the repository and its examples', () => {
  const { code, out } = lint();
  expect(out).toMatch(/^\d+ workflow file\(s\): no problems\.$/m);
  expect(Number(out.match(/^(\d+) workflow/m)![1])).toBeGreaterThanOrEqual(5);
  expect(code).toBe(0);
});

describe('reports', () => {
  it('an undefined matrix key', () => {
    const file = path.join(dir, 'matrix.yml');
    writeFileSync(
      file,
      `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        edition: [pro, home]
    steps:
      - run: echo "\${{ matrix.editon }}"
`,
    );
    const { code, out } = lint(file);
    expect(out).toContain('property "editon" is not defined');
    expect(code).toBe(1);
  });

  it('a bad expression in the reusable workflow (an input it does not declare)', () => {
    const file = broken(REUSABLE, '${{ inputs.retention-days }}', '${{ inputs.retention-day }}');
    const { code, out } = lint(file);
    expect(out).toContain('property "retention-day" is not defined');
    expect(code).toBe(1);
  });

  it('an input that action.yml does not declare, passed to our action', () => {
    const file = broken(REUSABLE, '          os: ${{ matrix.os }}\n', '          oss: ${{ matrix.os }}\n');
    const { code, out } = lint(file);
    expect(out).toContain('(./.bake-windows-image): input "oss" is not declared in action.yml');
    expect(code).toBe(1);
  });

  it("a caller's unknown input, missing secret and misspelt leg key", () => {
    let text = source(FLEET_EXAMPLE).replace('windows-update: true', 'windows-updates: true');
    text = text.replace('"os": "2k22"', '"os_version": "2k22"');
    text = text.replace(/\n {4}secrets:\n.*\n/, '\n');
    const file = path.join(dir, 'caller.yml');
    writeFileSync(file, text);
    const { code, out } = lint(file);
    expect(out).toContain('input "windows-updates" is not declared in .github/workflows/bake-windows.yml');
    expect(out).toContain('required secret "password" is missing');
    expect(out).toMatch(/matrix leg 2: "os_version" is not a leg key/);
    expect(code).toBe(1);
  });
});

describe('the fleet', () => {
  type Job = Record<string, unknown> & {
    strategy?: Record<string, unknown>;
    concurrency?: { group: string };
  };
  const load = (file: string) =>
    yaml.load(source(file)) as { on: Record<string, unknown>; jobs: Record<string, Job> };

  it('runs one leg per matrix entry, fail-fast off, one concurrency group per leg', () => {
    const bake = load(REUSABLE).jobs.bake!;
    expect(bake.strategy).toEqual({
      'fail-fast': false,
      matrix: { include: '${{ fromJSON(inputs.matrix) }}' },
    });
    expect(bake.concurrency!.group).toContain('${{ matrix.name || matrix.edition }}');
  });

  it("leaves the action's own defaults to a leg that sets no memory or cpus, and no token in a checkout", () => {
    type Step = { uses?: string; with?: Record<string, string> };
    const steps = (load(REUSABLE).jobs.bake!.steps ?? []) as Step[];
    const action = yaml.load(source('action.yml')) as { inputs: Record<string, { default?: string }> };
    const bake = steps.find((step) => step.uses === './.bake-windows-image')!;
    for (const input of ['memory', 'cpus']) {
      expect(bake.with![input]).toBe(`\${{ matrix.${input} || '${action.inputs[input]!.default}' }}`);
    }
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBe(2);
    for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
  });

  it('is what the nightly calls, with this commit’s action, each night and on demand', () => {
    const nightly = load('.github/workflows/bake-windows-nightly.yml');
    expect(Object.keys(nightly.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(nightly.jobs.fleet).toMatchObject({
      uses: `./${REUSABLE}`,
      with: { 'action-repository': '${{ github.repository }}', 'action-ref': '${{ github.sha }}' },
    });
  });
});

describe('the release', () => {
  type Step = { name?: string; run?: string };
  const moveStep = () => {
    const release = yaml.load(source('.github/workflows/release.yml')) as {
      jobs: { release: { steps: Step[] } };
    };
    return release.jobs.release.steps.find((step) => step.name?.startsWith('Move '))!;
  };

  /** The step's own script, in a clone whose origin has v1 at v1.3.0, then released as `tag`. */
  function release(tag: string): { v1: string; out: string; shaOf: (t: string) => string } {
    const root = path.join(dir, `release-${tag}`);
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-C', cwd, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        encoding: 'utf8',
      }).trim();
    execFileSync('git', ['init', '-q', '--bare', `${root}/origin.git`]);
    execFileSync('git', ['init', '-q', `${root}/work`]);
    const work = `${root}/work`;
    for (const version of ['v1.2.0', 'v1.3.0', 'v1.3.1-rc.1', 'v1.2.1', 'v1.10.0-rc.1', 'v1.4.0', 'v2.0.0']) {
      git(work, 'commit', '-q', '--allow-empty', '-m', version);
      git(work, 'tag', version);
    }
    git(work, 'tag', 'v1', 'v1.3.0');
    git(work, 'remote', 'add', 'origin', `${root}/origin.git`);
    git(work, 'push', '-q', 'origin', '--tags');
    const shaOf = (t: string) => git(work, 'rev-parse', `${t}^{commit}`);
    const run = spawnSync('bash', ['-e', '-c', moveStep().run!], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: root, TAG: tag, MAJOR: 'v1', GITHUB_SHA: shaOf(tag) },
    });
    expect(run.status).toBe(0);
    return { v1: git(`${root}/origin.git`, 'rev-parse', 'v1^{commit}'), out: run.stdout, shaOf };
  }

  it('moves v1 to the highest 1.x.y, never back to an older line', () => {
    const older = release('v1.2.1');
    expect(older.v1).toBe(older.shaOf('v1.3.0'));
    expect(older.out).toContain('::notice::v1 stays where it is: v1.4.0 is a higher release than v1.2.1');
    const newest = release('v1.4.0');
    expect(newest.v1).toBe(newest.shaOf('v1.4.0'));
  });
});
