/**
 * action.yml and README.md describe the options in prose; OPTION_TABLE (src/bake/option-table.ts) is the
 * source of truth. Every input and flag is documented with the table's default, and nothing else is.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_ONLY_INPUTS } from '../../src/action/inputs.js';
import type { OptionSpec } from '../../src/bake/option-spec.js';
import { OPTION_TABLE } from '../../src/bake/option-table.js';
import { CLI_ONLY_FLAGS, CLI_OPTIONS, flagUsage } from '../../src/cli/flags.js';

const { load } = (await import('js-yaml' as string)) as { load: (text: string) => unknown };

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TABLE: readonly OptionSpec[] = OPTION_TABLE;

const sorted = (names: readonly string[]): string[] => [...names].sort();

describe('action.yml', () => {
  const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description?: string; default?: unknown }>;
  };
  const tableInputs = TABLE.flatMap((spec) => (spec.input ? [spec] : []));

  it("has the table's inputs and the action's own, nothing else", () => {
    expect(sorted(Object.keys(action.inputs))).toEqual(
      sorted([...tableInputs.map((spec) => spec.input!), ...ACTION_ONLY_INPUTS]),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect({ name, description: input.description }).toEqual({ name, description: expect.any(String) });
    }
  });

  it.each(tableInputs.map((spec) => [spec.input!, spec] as const))(
    "input %s has the table's default",
    (name, spec) => {
      // The runner passes action.yml's default when the input is not set: it must be the option's default.
      const expected = spec.default === undefined || spec.type === 'list' ? '' : String(spec.default);
      expect(action.inputs[name]?.default).toBe(expected);
    },
  );
});

/** The rows of the flag table under "## CLI": the cells, split at unescaped pipes. */
function readmeFlagRows(): string[][] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const cli = readme.slice(readme.indexOf('\n## CLI\n'), readme.indexOf('\n## Library\n'));
  const lines = cli.split('\n');
  const header = lines.findIndex((line) => /^\| flag +\| default +\| meaning/.test(line));
  expect(header).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** `--os w10\|w11` in a cell → ["--os w10|w11"]: the flag as --help writes it, then its alias. */
function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.replace(/\\\|/g, '|'));
}

describe("README.md's flag table", () => {
  const rows = readmeFlagRows();
  const documented = new Map(rows.map((cells) => [codes(cells[0]!)[0]!.split(' ')[0]!, cells]));
  // --help and --version are left to --help itself.
  const cliOnly = CLI_ONLY_FLAGS.filter(({ flag }) => flag !== 'help' && flag !== 'version');

  it('lists every flag once, nothing else', () => {
    expect(sorted([...documented.keys()])).toEqual(
      sorted([...CLI_OPTIONS, ...cliOnly].map(({ flag }) => `--${flag}`)),
    );
    expect(documented.size).toBe(rows.length);
  });

  it.each(CLI_OPTIONS.map((spec) => [spec.flag, spec] as const))(
    '--%s: its value, alias and default',
    (flag, spec) => {
      const [usage, defaultCell] = documented.get(`--${flag}`)!;
      expect(codes(usage!)).toEqual([flagUsage(spec), ...(spec.short ? [`-${spec.short}`] : [])]);
      if (spec.type === 'string' && spec.requiredExample !== undefined) expect(defaultCell).toBe('required');
      else if (spec.type === 'boolean') expect(defaultCell).toBe('off');
      else if (spec.type === 'list') expect(defaultCell).toBe('none');
      else if (spec.default !== undefined) expect(defaultCell).toBe(`\`${spec.default}\``);
      // No value to show: words ("none", "from the image"), not a value in backticks.
      else expect(defaultCell).not.toMatch(/^`/);
    },
  );

  it.each(cliOnly.map(({ flag, metavar, short, default: value }) => [flag, metavar, short, value]))(
    '--%s: its default, or off or none',
    (flag, metavar, short, value) => {
      const [usage, defaultCell] = documented.get(`--${flag}`)!;
      expect(codes(usage!)).toEqual([
        metavar ? `--${flag} ${metavar}` : `--${flag}`,
        ...(short ? [`-${short}`] : []),
      ]);
      expect(defaultCell).toBe(value !== undefined ? `\`${value}\`` : metavar ? 'none' : 'off');
    },
  );
});

it("README.md's list of action inputs names every input", () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('Inputs (all optional');
  const list = readme.slice(start, readme.indexOf('Outputs:', start));
  const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: object };
  const mentioned = new Set(codes(list));
  expect(Object.keys(action.inputs).filter((name) => !mentioned.has(name))).toEqual([]);
});
