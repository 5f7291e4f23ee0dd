/**
 * The layer rules of eslint.config.js (notes/layers.md), through ESLint with the project's config: each
 * forbidden import is reported by no-restricted-imports, each allowed one is not, and every file in src/ is
 * under some layer's rules (a new folder or a deeper one would otherwise go unchecked). That the tree itself
 * keeps the rules is `npx eslint .`'s job.
 */
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const eslint = new ESLint({ cwd: REPO });

/** The no-restricted-imports messages for `code` as if it were the file `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const importing = (from: string): string => `import { thing } from '${from}';\nexport { thing };\n`;

describe('forbidden imports', () => {
  it.each([
    // The core runs outside Actions too.
    ['src/media/x.ts', '@actions/core', '@actions/'],
    ['src/bake/x.ts', '@actions/core', '@actions/'],
    ['src/errors.ts', '@actions/core', '@actions/'],
    // The libraries and the action helpers sit below the build.
    ['src/tools/x.ts', '../bake/options.js', 'src/bake'],
    ['src/unattend/x.ts', '../bake/context.js', 'src/bake'],
    ['src/deps/x.ts', '../bake/options.js', 'src/bake'],
    ['src/publish/x.ts', '../bake/builder.js', 'src/bake'],
    // The base imports nothing from the folders.
    ['src/log.ts', './tools/exec.js', 'The base'],
    ['src/targets.ts', './unattend/windows-targets.js', 'The base'],
    // Nothing imports an entry point but its own.
    ['src/vm/x.ts', '../cli/main.js', 'entry point'],
    ['src/bake/x.ts', '../action/main.js', 'entry point'],
    ['src/bake/steps/x.ts', '../../action/inputs.js', 'entry point'],
    ['src/guest/x.ts', '../lib.js', 'entry point'],
    ['src/media/x.ts', '../index.js', 'entry point'],
    ['src/deps/x.ts', '../cli.js', 'entry point'],
    ['src/version.ts', './lib.js', 'entry point'],
    ['src/action/x.ts', '../cli/main.js', 'entry point'],
    ['src/cli/x.ts', '../action/inputs.js', 'entry point'],
    ['src/index.ts', './cli/main.js', 'entry point'],
    ['src/cli.ts', './action/main.js', 'entry point'],
    ['src/lib.ts', './cli/main.js', 'entry point'],
    // The core never reaches for the action's helpers.
    ['src/bake/x.ts', '../deps/download.js', 'src/deps and src/publish'],
    ['src/bake/steps/x.ts', '../../publish/artifact.js', 'src/deps and src/publish'],
    ['src/tools/x.ts', '../deps/host-packages.js', 'src/deps and src/publish'],
    // The base cache uses tools and the base only; the build hands it the rest.
    ['src/cache/x.ts', '../unattend/secret-forms.js', 'src/cache'],
    ['src/cache/x.ts', '../media/image-file.js', 'src/cache'],
    ['src/cache/x.ts', '../bake/context.js', 'src/bake'],
    ['src/cache/x.ts', '@actions/cache', '@actions/'],
  ])('%s may not import %s', async (file, from, says) => {
    const messages = await restricted(file, importing(from));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(says);
    expect(messages[0]).toContain('notes/layers.md');
  });

  it('catches type-only imports and re-exports as well', async () => {
    expect(
      await restricted('src/media/x.ts', "import type { Thing } from '../bake/options.js';\n"),
    ).toHaveLength(1);
    expect(await restricted('src/media/x.ts', "export * from '../bake/options.js';\n")).toHaveLength(1);
    expect(await restricted('src/media/x.ts', "export { thing } from '../bake/options.js';\n")).toHaveLength(
      1,
    );
  });
});

describe('allowed imports', () => {
  it.each([
    ['src/bake/x.ts', '../tools/qemu.js'],
    ['src/bake/steps/x.ts', '../../tools/qemu.js'],
    ['src/bake/steps/x.ts', '../context.js'],
    ['src/action/x.ts', '../bake/builder.js'],
    ['src/action/x.ts', '../deps/cached-download.js'],
    ['src/action/x.ts', './inputs.js'],
    ['src/action/x.ts', '@actions/core'],
    ['src/index.ts', './action/main.js'],
    ['src/cli.ts', './cli/main.js'],
    ['src/cli/x.ts', './main.js'],
    ['src/lib.ts', './bake/builder.js'],
    ['src/deps/x.ts', '@actions/cache'],
    ['src/deps/x.ts', '../tools/hash.js'],
    ['src/publish/x.ts', '../log.js'],
    ['src/media/x.ts', '../unattend/windows-targets.js'],
    ['src/media/x.ts', '../targets.js'],
    // A folder's own index.js or main.js is not an entry point.
    ['src/media/x.ts', './index.js'],
    ['src/tools/x.ts', './main.js'],
    ['src/log.ts', './errors.js'],
    ['src/cache/x.ts', '../tools/qemu-img.js'],
    ['src/cache/x.ts', '../errors.js'],
    ['src/cache/x.ts', './index.js'],
    ['src/bake/steps/x.ts', '../../cache/index.js'],
  ])('%s may import %s', async (file, from) => {
    expect(await restricted(file, importing(from))).toEqual([]);
  });
});

describe('coverage', () => {
  const sources = readdirSync(path.join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join('src', file));

  it('puts every file in src/ under a layer', async () => {
    const uncovered: string[] = [];
    for (const file of sources) {
      const config = (await eslint.calculateConfigForFile(path.join(REPO, file))) as {
        rules?: Record<string, unknown>;
      };
      if (!config.rules?.['no-restricted-imports']) uncovered.push(file);
    }
    expect(sources.length).toBeGreaterThan(40);
    expect(uncovered).toEqual([]);
  });
});
