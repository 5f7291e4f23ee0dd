/** `--help`: the build options' lines come from OPTION_TABLE, grouped as the table groups them. */
import type { OptionGroup, OptionSpec } from '../bake/option-spec.js';
import { CLI_ONLY_FLAGS, CLI_OPTIONS, flagUsage, metavar } from './flags.js';

const LABEL_WIDTH = 23;
const LINE_WIDTH = 100;
const GROUPS: readonly OptionGroup[] = ['Required', 'Guest', 'VM', 'Baseline', 'Build'];

function defaultNote(spec: OptionSpec): string | undefined {
  if (spec.defaultText !== undefined) return `(default: ${spec.defaultText})`;
  if (spec.type === 'list') return '(repeatable)';
  // A switch is off unless given (--no-compress included): nothing to say.
  if (spec.type === 'boolean' || spec.default === undefined) return undefined;
  const value = String(spec.default);
  return `(default: ${value.includes(' ') ? `"${value}"` : value})`;
}

/** Words fill lines up to LINE_WIDTH; the default note stays in one piece. */
function wrap(words: readonly string[], firstColumn: number): string {
  const indent = ' '.repeat(2 + LABEL_WIDTH + 2);
  const lines: string[] = [];
  let line = '';
  let column = firstColumn;
  for (const word of words) {
    if (line !== '' && column + line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = '';
      column = indent.length;
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

function row(label: string, help: string, note?: string): string {
  const start = `  ${label.padEnd(LABEL_WIDTH)}  `;
  const words = [...help.split(' ').filter(Boolean), ...(note ? [note] : [])];
  return start + wrap(words, start.length);
}

function optionRow(spec: OptionSpec & { flag: string }): string {
  const value = metavar(spec);
  const alias = spec.short ? `, -${spec.short}${value === undefined ? '' : ` ${value}`}` : '';
  return row(flagUsage(spec) + alias, spec.help, defaultNote(spec));
}

function groupSection(group: OptionGroup): string {
  const rows = CLI_OPTIONS.filter((spec) => spec.group === group).map(optionRow);
  // The CLI's own flags close the Build section.
  if (group === 'Build') {
    rows.push(
      ...CLI_ONLY_FLAGS.map(({ flag, short, metavar, help, default: value }) =>
        row(
          `--${flag}${metavar ? ` ${metavar}` : ''}${short ? `, -${short}` : ''}`,
          help,
          value === undefined ? undefined : `(default: ${value})`,
        ),
      ),
    );
  }
  return [`${group}:`, ...rows].join('\n');
}

const required = CLI_OPTIONS.filter((spec) => spec.group === 'Required').map(flagUsage);

export const USAGE = `Usage: bake-windows-image build-image ${required.join(' ')} [options]
       bake-windows-image list-editions --iso PATH [--json]
       bake-windows-image push-image --image PATH --ref REGISTRY/REPOSITORY[:TAG] [options]

Bakes a ready-to-boot Windows qcow2 from a stock Windows ISO, unattended, under QEMU/KVM.

${GROUPS.map(groupSection).join('\n\n')}

push-image pushes a baked qcow2 to an OCI registry (bake-windows-image push-image --help).

list-editions prints the images of the ISO's sources/install.wim (or .esd): their NAME is what --edition takes.

Exit codes: 0 built (or planned, listed, pushed), 1 build failed, 2 invalid usage.`;
