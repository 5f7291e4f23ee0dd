import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// -- Layers (notes/layers.md) ------------------------------------------------------------------------------------
// Entry points → the build (src/bake) → the libraries → the base; src/deps and src/publish are the action's
// helpers. Each group of files lists what it may not import, as paths below src/: "bake/" is a folder, "cli.ts"
// a file, "*/" any folder, "@actions/" a package scope.

const MESSAGES = {
  actions:
    'Only the action (src/action, src/deps, src/publish) uses @actions/*: the build and its libraries also run ' +
    'from the CLI and the library, outside GitHub Actions. Pass in what is needed instead (notes/layers.md).',
  build:
    'The libraries and the action helpers do not import the build (src/bake): the build uses them. Move what ' +
    'both need into a library or the base, e.g. src/targets.ts (notes/layers.md).',
  helpers:
    "src/deps and src/publish are the action's helpers (downloads, host packages, artifact upload): only the " +
    'entry points import them. Let the action pass in what they produce (notes/layers.md).',
  entry:
    'Nothing imports an entry point (src/cli.ts, src/cli/, src/index.ts, src/lib.ts, src/action/) but its own ' +
    'entry point: move shared code into the build or a library (notes/layers.md).',
  registry:
    'src/registry (the push to an OCI registry) uses only src/tools and the base: the entry points hand it the ' +
    'image and what the build said about it (notes/layers.md).',
  cache:
    'The base cache (src/cache) uses only src/tools and the base: the build hands it what other libraries make, ' +
    'e.g. the password forms from src/unattend (notes/layers.md).',
  base:
    'The base (src/log.ts, errors.ts, targets.ts, version.ts, shims.ts) imports nothing from the folders of ' +
    'src/: everything else builds on it (notes/layers.md).',
};

const ENTRY_POINTS = ['cli.ts', 'index.ts', 'lib.ts', 'cli/', 'action/'];
const LIBRARIES = ['media', 'unattend', 'tools', 'guest', 'vm'];
const BASE = ['log', 'errors', 'targets', 'version', 'shims'];
/** Folders nest at most this deep below src/ (src/bake/steps/x.ts is 2); a unit test checks it. */
const MAX_DEPTH = 3;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import strings that reach `target` from a file `depth` folders below src/. no-restricted-imports sees only
 * the string, so a path below src/ is spelled "./x" from src/a.ts, "../x" from src/a/b.ts, "../../x" from
 * src/a/b/c.ts. Counting the climb exactly keeps a folder's own "./index.js" from being taken for src/index.ts.
 * It does not see import(): only src/index.ts uses that, for shims.js and action/main.js.
 */
function importRegex(target, depth) {
  if (target.startsWith('@')) return `^${escape(target)}`;
  const up = depth === 0 ? '\\./' : '\\.\\./'.repeat(depth);
  if (target === '*/') return `^${up}[^/]+/`;
  if (target.endsWith('/')) return `^${up}${escape(target)}`;
  return `^${up}${escape(target.replace(/\.ts$/, '.js'))}$`;
}

/**
 * Config blocks, one per depth, forbidding `forbidden` ({ message key: targets }) to `files`: below src/ without
 * ".ts", all folders ("bake/**") or all files ("cli"). Each file must get all its patterns from one block: a later
 * block that sets no-restricted-imports for the same file replaces the earlier one rather than adding to it.
 */
function layer(files, forbidden) {
  const depths = files.some((glob) => glob.endsWith('/**'))
    ? Array.from({ length: MAX_DEPTH }, (_, i) => i + 1)
    : [0];
  return depths.map((depth) => ({
    files: files.map((glob) =>
      glob.endsWith('/**') ? `src/${glob.slice(0, -3)}/${'*/'.repeat(depth - 1)}*.ts` : `src/${glob}.ts`,
    ),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: Object.entries(forbidden).flatMap(([key, targets]) =>
            targets.map((target) => ({ regex: importRegex(target, depth), message: MESSAGES[key] })),
          ),
        },
      ],
    },
  }));
}

const layers = [
  // The base.
  ...layer(BASE, { actions: ['@actions/'], base: ['*/'], entry: ['cli.ts', 'index.ts', 'lib.ts'] }),
  // The libraries and the build: the core, which runs outside Actions.
  ...layer(
    LIBRARIES.map((dir) => `${dir}/**`),
    { actions: ['@actions/'], build: ['bake/'], helpers: ['deps/', 'publish/'], entry: ENTRY_POINTS },
  ),
  // The base cache: a library that stays small, beside media and unattend; the build composes them.
  ...layer(['cache/**'], {
    actions: ['@actions/'],
    build: ['bake/'],
    helpers: ['deps/', 'publish/'],
    entry: ENTRY_POINTS,
    cache: ['media/', 'unattend/', 'guest/', 'vm/'],
  }),
  // The registry client: beside the libraries, used by all three entry points; the build does not push.
  ...layer(['registry/**'], {
    actions: ['@actions/'],
    build: ['bake/'],
    helpers: ['deps/', 'publish/'],
    entry: ENTRY_POINTS,
    registry: ['media/', 'unattend/', 'guest/', 'vm/', 'cache/'],
  }),
  ...layer(['bake/**'], { actions: ['@actions/'], helpers: ['deps/', 'publish/'], entry: ENTRY_POINTS }),
  // The action's helpers.
  ...layer(['deps/**', 'publish/**'], { build: ['bake/'], entry: ENTRY_POINTS }),
  // Entry points import their own parts only: index.ts → action/, cli.ts → cli/.
  ...layer(['index'], { entry: ['cli.ts', 'lib.ts', 'cli/'] }),
  ...layer(['cli'], { entry: ['index.ts', 'lib.ts', 'action/'] }),
  ...layer(['lib'], { entry: ['cli.ts', 'index.ts', 'cli/', 'action/'] }),
  ...layer(['action/**'], { entry: ['cli.ts', 'index.ts', 'lib.ts', 'cli/'] }),
  ...layer(['cli/**'], { entry: ['cli.ts', 'index.ts', 'lib.ts', 'action/'] }),
];

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'node_modules/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layers,
);
