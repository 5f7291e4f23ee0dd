/** OPTION_TABLE itself, and what is made from it: DEFAULTS, LIMITS, parseArgs' spec and --help. */
import { describe, expect, it } from '@jest/globals';
import type { OptionSpec } from '../../src/bake/option-spec.js';
import { OPTION_TABLE } from '../../src/bake/option-table.js';
import { DEFAULTS, LIMITS } from '../../src/bake/options.js';
import { resolveOptions } from '../../src/bake/validate.js';
import { CLI_ONLY_FLAGS, PARSE_ARGS_OPTIONS } from '../../src/cli/flags.js';
import { USAGE } from '../../src/cli/usage.js';

const TABLE: readonly OptionSpec[] = OPTION_TABLE;

function duplicates(names: readonly (string | undefined)[]): string[] {
  const given = names.filter((name): name is string => name !== undefined);
  return given.filter((name, index) => given.indexOf(name) !== index);
}

describe('OPTION_TABLE', () => {
  it('names each option once per caller', () => {
    expect(duplicates(TABLE.map((spec) => spec.key))).toEqual([]);
    expect(
      duplicates([...TABLE.map((spec) => spec.flag), ...CLI_ONLY_FLAGS.map(({ flag }) => flag)]),
    ).toEqual([]);
    expect(
      duplicates([...TABLE.map((spec) => spec.short), ...CLI_ONLY_FLAGS.map(({ short }) => short)]),
    ).toEqual([]);
    expect(duplicates(TABLE.map((spec) => spec.input))).toEqual([]);
  });

  it('has defaults that pass its own checks', () => {
    for (const spec of TABLE) {
      if (spec.type === 'number') {
        // `auto` only where the row takes it; a number example then stands in for the range check.
        const value = spec.default === 'auto' ? spec.example : spec.default;
        if (spec.default === 'auto') expect(spec.auto).toBe(true);
        expect(value).toBeGreaterThanOrEqual(spec.min);
        expect(value).toBeLessThanOrEqual(spec.max);
      }
      if (spec.type === 'choice' && spec.default !== undefined) expect(spec.values).toContain(spec.default);
    }
    expect(() => resolveOptions({ iso: 'a.iso', virtioWinIso: 'b.iso', output: 'c.qcow2' })).not.toThrow();
  });

  it('gives DEFAULTS every default, by library name', () => {
    const withDefault = TABLE.filter((spec) => spec.default !== undefined);
    expect(DEFAULTS).toEqual(Object.fromEntries(withDefault.map((spec) => [spec.key, spec.default])));
    expect(DEFAULTS).toMatchObject({
      buildTimeoutSeconds: 2700,
      memoryMiB: 'auto',
      cpus: 'auto',
      compress: true,
    });
  });

  it('keeps the LIMITS the library exports', () => {
    expect(LIMITS).toEqual({
      minDiskSizeMiB: 1,
      maxDiskSizeMiB: 2 * 1024 * 1024 * 1024,
      minMemoryMiB: 256,
      maxMemoryMiB: 4 * 1024 * 1024,
      minCpus: 1,
      maxCpus: 256,
      maxBuildTimeoutSeconds: 7 * 24 * 3600,
      maxPasswordLength: 127,
      maxUsernameLength: 20,
      maxHostnameLength: 15,
    });
  });
});

describe('the command line', () => {
  it('parses every flag of the table, switches as booleans', () => {
    for (const spec of TABLE.filter((entry) => entry.flag !== undefined)) {
      expect(PARSE_ARGS_OPTIONS[spec.flag!]).toEqual({
        type: spec.type === 'boolean' ? 'boolean' : 'string',
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.type === 'list' ? { multiple: true } : {}),
      });
    }
    expect(PARSE_ARGS_OPTIONS['no-compress']).toEqual({ type: 'boolean' });
    expect(PARSE_ARGS_OPTIONS.provision).toEqual({ type: 'string', multiple: true });
    expect(PARSE_ARGS_OPTIONS.output).toEqual({ type: 'string', short: 'o' });
  });

  it('describes each flag once in --help, with its default', () => {
    const lines = USAGE.split('\n');
    for (const spec of TABLE.filter((entry) => entry.flag !== undefined)) {
      const rows = lines.filter(
        (line) => line.startsWith(`  --${spec.flag} `) || line === `  --${spec.flag}`,
      );
      expect({ flag: spec.flag, rows: rows.length }).toEqual({ flag: spec.flag, rows: 1 });
    }
    expect(USAGE).toContain('  --build-timeout SECONDS  limit for the whole build (default: 2700)\n');
    expect(USAGE).toContain('  --output PATH, -o PATH   where the finished qcow2 appears');
    expect(USAGE).toContain(
      '  --edition NAME           image name in sources/install.wim (default: "Windows 11 Pro")',
    );
    expect(USAGE).toContain(
      '  --os w10|w11|2k19|2k22|2k25  Windows version (default: derived from --edition)',
    );
    expect(USAGE).toMatch(/^Guest:\n {2}--username NAME/m);
    expect(USAGE).toMatch(/^Build:\n {2}--work-dir DIR/m);
    expect(USAGE).toMatch(/^Baseline:\n {2}--upload SRC=DEST .*\(repeatable\)/ms);
  });

  it('wraps --help at 100 columns, continuing under the text', () => {
    const optionLines = USAGE.split('\n').filter((line) => line.startsWith('  '));
    for (const line of optionLines) expect(line.length).toBeLessThanOrEqual(100);
    expect(USAGE).toMatch(/ {2}--keep-firmware-state {4}keep the UEFI vars .*\n {27}<output>\.efivars\.fd/);
  });
});
