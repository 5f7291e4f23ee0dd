/**
 * The provisioning wrapper and the Windows Update round script, parsed by a real PowerShell grammar
 * (tree-sitter-powershell, __tests__/support/powershell.ts) with hostile values: no ERROR or MISSING node,
 * and every value put in as a single-quoted literal reads back exactly. Negative controls show that the
 * checks can fail.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { guestScriptPath, provisionWrapper, type ScriptKind } from '../../src/guest/provision.js';
import {
  POLL_ROUND_SCRIPT,
  REMOVE_UPDATE_RESULT_SCRIPT,
  WINDOWS_UPDATE_HEADER,
  WINDOWS_UPDATE_PROGRESS_PATH,
  WINDOWS_UPDATE_RESULT_PATH,
  WINDOWS_UPDATE_ROUNDS_PATH,
  windowsUpdateScript,
} from '../../src/guest/windows-update.js';
import { templatesDir } from '../../src/unattend/templates.js';
import {
  assignedValues,
  commandsNamed,
  literalValueOf,
  parameterArgument,
  parsePowerShell,
  singleQuotedValue,
  sourceText,
  stringLiterals,
  syntaxProblem,
  walk,
  type SyntaxNode,
} from '../support/powershell.js';

/** Values that break careless quoting: quotes (typographic too), $, backticks, ;, subexpressions. */
const HOSTILE = [
  "O'Brien",
  "'",
  "''",
  "x'; Remove-Item C:\\ -Recurse; '",
  '\u2018smart\u2019 \u201Aq\u201B',
  "\u2019'\u201B",
  '$(calc) ${x} $env:PATH',
  'back`tick`n `$',
  'a;b; c',
  '"double" @(x) #comment',
  '',
];

function valueOfAssignment(script: string, variable: string): string {
  const values = assignedValues(parsePowerShell(script), variable);
  expect(values).toHaveLength(1);
  return literalValueOf(values[0]!);
}

/** The values of the literals of an `@(…)` assigned to a variable, in order. */
function listAssigned(script: string, variable: string): string[] {
  const values = assignedValues(parsePowerShell(script), variable);
  expect(values).toHaveLength(1);
  const list = values[0]!;
  expect(sourceText(list)).toMatch(/^@\(.*\)$/);
  return stringLiterals(list).map((node) => singleQuotedValue(sourceText(node)));
}

describe('the provisioning wrapper', () => {
  const kinds: ScriptKind[] = ['powershell', 'cmd'];

  it.each(kinds)('parses with hostile values (%s), and each reads back exactly', (kind) => {
    const env: Record<string, string> = {};
    HOSTILE.forEach((value, i) => (env[`BAKE_IMAGE_V${i}`] = value));
    for (const script of [guestScriptPath('01-setup.ps1'), ...HOSTILE.map((v) => `C:\\p\\${v}.ps1`)]) {
      const text = provisionWrapper({ script, kind, env });
      expect(syntaxProblem(text)).toBeUndefined();
      for (const [name, value] of Object.entries(env)) {
        expect([name, valueOfAssignment(text, `$env:${name}`)]).toEqual([name, value]);
      }
      expect(valueOfAssignment(text, '$script')).toBe(script);
    }
  });

  it('has the header first, one $env line per variable, the call and exit $LASTEXITCODE last', () => {
    const env = { A: "it's", B: '$x', C: '`' };
    const text = provisionWrapper({ script: 'C:\\a.cmd', kind: 'cmd', env });
    const tree = parsePowerShell(text);
    const comment = tree.rootNode.descendantsOfType('comment')[0];
    expect(comment && [comment.startIndex, comment.text]).toEqual([
      0,
      '# bake-windows-image: run a provisioning script',
    ]);
    const envAssignments = [...walk(tree.rootNode)].filter(
      (node) => node.type === 'assignment_expression' && /^\$env:/i.test(node.namedChildren[0]!.text),
    );
    expect(envAssignments.map((node) => node.namedChildren[0]!.text)).toEqual(['$env:A', '$env:B', '$env:C']);
    const calls = tree.rootNode.descendantsOfType('command').map((node) => node.text);
    expect(calls).toEqual(['& cmd.exe /c $script']);
    const statements = tree.rootNode.descendantsOfType('statement_list')[0]!.namedChildren;
    expect(statements.at(-1)!.text).toBe('exit $LASTEXITCODE');
    const ps = parsePowerShell(provisionWrapper({ script: 'C:\\a.ps1', kind: 'powershell', env }));
    const psCalls = ps.rootNode.descendantsOfType('command').map((node) => node.text);
    expect(psCalls).toEqual([
      '& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $script',
    ]);
  });

  it('is found broken or wrong with escaping turned off (negative control)', () => {
    const template = readFileSync(path.join(templatesDir(), 'provision-wrapper.ps1.mustache'), 'utf8');
    for (const value of ["O'Brien", "x'; calc; '", "a''b", '\u2018q\u2019']) {
      const text = Mustache.render(
        template,
        { env: [{ name: 'A', value }], script: 'C:\\a.ps1', powershell: true },
        {},
        { escape: (v: unknown) => String(v) },
      );
      const problem = syntaxProblem(text);
      let readBack: string | undefined;
      if (problem === undefined) {
        const values = assignedValues(parsePowerShell(text), '$env:A');
        try {
          readBack = values.length === 1 ? literalValueOf(values[0]!) : undefined;
        } catch {
          readBack = undefined;
        }
      }
      expect(readBack).not.toBe(value);
    }
  });
});

describe('the Windows Update round script', () => {
  const filters = {
    excludeKbs: ['KB5034441', 'KB890830'],
    excludeTitles: HOSTILE.filter((value) => value !== ''),
    includeDrivers: false,
    includePreviews: true,
  };
  const script = windowsUpdateScript(filters);
  const tree = parsePowerShell(script);

  it('parses with hostile title patterns, which read back exactly and in order', () => {
    expect(syntaxProblem(script)).toBeUndefined();
    expect(listAssigned(script, '$excludeTitles')).toEqual(filters.excludeTitles);
    expect(listAssigned(script, '$excludeKbs')).toEqual(filters.excludeKbs);
    const empty = windowsUpdateScript({ ...filters, excludeKbs: [], excludeTitles: [] });
    expect(syntaxProblem(empty)).toBeUndefined();
    expect(listAssigned(empty, '$excludeTitles')).toEqual([]);
  });

  it('sets the switches as $true/$false and its paths as literals', () => {
    expect(assignedValues(tree, '$includeDrivers').map((node) => node.text)).toEqual(['$false']);
    expect(assignedValues(tree, '$includePreviews').map((node) => node.text)).toEqual(['$true']);
    expect(valueOfAssignment(script, '$resultPath')).toBe(WINDOWS_UPDATE_RESULT_PATH);
    expect(valueOfAssignment(script, '$progressPath')).toBe(WINDOWS_UPDATE_PROGRESS_PATH);
    expect(valueOfAssignment(script, '$roundsPath')).toBe(WINDOWS_UPDATE_ROUNDS_PATH);
    expect(script).not.toContain('{{');
  });

  it('starts with its header as a comment', () => {
    const comment = tree.rootNode.descendantsOfType('comment')[0];
    expect(comment && [comment.startIndex, comment.text]).toEqual([0, WINDOWS_UPDATE_HEADER]);
  });

  it('uses the Windows Update Agent: session, searcher, EULAs, downloader, installer, per-update results', () => {
    const comObjects = commandsNamed(tree, 'New-Object')
      .map((call) => parameterArgument(call, '-ComObject')?.text)
      .filter((name) => name !== undefined);
    expect(comObjects).toEqual([
      'Microsoft.Update.Session',
      'Microsoft.Update.UpdateColl',
      'Microsoft.Update.UpdateColl',
    ]);
    const invoked = tree.rootNode.descendantsOfType('invokation_expression').map((node) => node.text);
    for (const call of [
      '$session.CreateUpdateSearcher()',
      '$searcher.Search($criteria)',
      '$update.AcceptEula()',
      '$session.CreateUpdateDownloader()',
      '$downloader.Download()',
      '$session.CreateUpdateInstaller()',
      '$installer.Install()',
      '$installResult.GetUpdateResult($i)',
      '$downloadResult.GetUpdateResult($i)',
    ]) {
      expect(invoked).toContain(call);
    }
    expect(script).toContain(`$criteria = "IsInstalled=0 and IsHidden=0 and Type='Software'"`);
    expect(script).toContain(`$criteria += " or IsInstalled=0 and IsHidden=0 and Type='Driver'"`);
    expect(sourceText(assignedValues(tree, '$rebootRequired').at(-1)!)).toBe(
      '[bool]$installResult.RebootRequired',
    );
  });

  it('writes result.json once, at the end, through a tmp file and Move-Item -Force, after a try/catch', () => {
    const moves = commandsNamed(tree, 'Move-Item');
    expect(moves).toHaveLength(1);
    const move = moves[0]!;
    expect(sourceText(parameterArgument(move, '-Destination')!)).toBe('$resultPath');
    expect(sourceText(move)).toMatch(/ -Force$/);
    const tries = tree.rootNode.descendantsOfType('try_statement');
    const outer = tries.find((node: SyntaxNode) => node.text.includes('CreateUpdateSearcher'));
    expect(outer).toBeDefined();
    expect(outer!.descendantsOfType('catch_clause')[0]!.text).toMatch(/\$roundError = /);
    expect(move.startIndex).toBeGreaterThan(outer!.endIndex);
    const writes = tree.rootNode
      .descendantsOfType('invokation_expression')
      .filter((node) => node.text.startsWith('[System.IO.File]::WriteAllText($tmpPath'));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.startIndex).toBeGreaterThan(outer!.endIndex);
  });

  it('REMOVE_UPDATE_RESULT_SCRIPT removes exactly the result file, a missing one being fine', () => {
    expect(syntaxProblem(REMOVE_UPDATE_RESULT_SCRIPT)).toBeUndefined();
    const removals = commandsNamed(parsePowerShell(REMOVE_UPDATE_RESULT_SCRIPT), 'Remove-Item');
    expect(removals).toHaveLength(1);
    expect(literalValueOf(parameterArgument(removals[0]!, '-LiteralPath')!)).toBe(WINDOWS_UPDATE_RESULT_PATH);
    expect(parameterArgument(removals[0]!, '-ErrorAction')?.text).toBe('SilentlyContinue');
  });

  it('POLL_ROUND_SCRIPT reads the progress log and the result as UTF-8, a missing one being fine', () => {
    expect(syntaxProblem(POLL_ROUND_SCRIPT)).toBeUndefined();
    const reads = commandsNamed(parsePowerShell(POLL_ROUND_SCRIPT), 'Get-Content');
    expect(reads.map((read) => literalValueOf(parameterArgument(read, '-LiteralPath')!))).toEqual([
      WINDOWS_UPDATE_PROGRESS_PATH,
      WINDOWS_UPDATE_RESULT_PATH,
    ]);
    for (const read of reads) {
      expect(parameterArgument(read, '-Encoding')?.text).toBe('UTF8');
      expect(parameterArgument(read, '-ErrorAction')?.text).toBe('SilentlyContinue');
    }
  });

  it('is found broken or wrong with a title put in without escaping (negative control)', () => {
    for (const title of ["O'Brien", "x'); calc; @('", "a''b"]) {
      const text = `$excludeTitles = @('${title}')\n`;
      const problem = syntaxProblem(text);
      const values = problem === undefined ? listAssigned(text, '$excludeTitles') : [];
      expect(values).not.toEqual([title]);
    }
  });
});

describe('the PowerShell scripts the repository ships as examples and test fixtures', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const files = [
    'examples/provision/baseline.ps1',
    '__tests__/fixtures/provision/check.ps1',
    '__tests__/fixtures/provision/fails.ps1',
  ];

  it.each(files)('%s parses without an error', (file) => {
    expect(syntaxProblem(readFileSync(path.join(root, file), 'utf8'))).toBeUndefined();
  });
});
