/**
 * Every PowerShell text the project renders or sends, parsed by a real PowerShell grammar
 * (tree-sitter-powershell): no ERROR or MISSING node anywhere, and every value that goes in as a
 * single-quoted string reads back exactly, hostile values included. Negative controls prove that the
 * harness can fail.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import { optionsFromStrings, type RawOptions } from '../../src/bake/validate.js';
import * as guestScripts from '../../src/guest/scripts.js';
import { powershellCommand } from '../../src/guest/ssh.js';
import { WINDOWS_OSES } from '../../src/targets.js';
import {
  ANSWER_MEDIUM_LABEL,
  FIRST_LOGON_SCRIPT_NAME,
  firstLogonCommandLine,
} from '../../src/unattend/answer-file.js';
import {
  firstLogonScriptView,
  renderFirstLogonScript,
  type FirstLogonInput,
} from '../../src/unattend/first-logon.js';
import { READY_MARKER_PATH, READY_MARKER_TEXT, READY_SIGNAL } from '../../src/unattend/guest-contract.js';
import { templatesDir } from '../../src/unattend/templates.js';
import {
  CLONE_ANSWER_FILE,
  PANTHER_ANSWER_FILE,
  setupCompleteCmd,
} from '../../src/unattend/clone-answer-file.js';
import {
  assignedValues,
  commandsNamed,
  findErrors,
  literalValueOf,
  parameterArgument,
  parsePowerShell,
  parseVerbatim,
  singleQuotedValue,
  sourceText,
  stringLiterals,
  syntaxProblem,
  type SyntaxNode,
  type Tree,
} from '../support/powershell.js';

/** User names that validation accepts (checked below) and that would break careless quoting. */
const HOSTILE_USERNAMES = [
  "O'Brien",
  "'",
  "''",
  "end'",
  "x'$(calc)'",
  'a\u2018b\u2019c',
  '\u2018Smart\u2019 \u201Aq\u201B',
  "\u2019'\u201B",
  '$(calc)',
  '$env',
  '${x}',
  '`$x',
  'x`',
  '`',
  'a&b',
  '(x){y}#%',
  '#x }',
  '%USERNAME% !x ~',
  'Jürgen',
  'Zoë 日本',
  'Name With Spaces',
];

/** Paths for the guest scripts: quotes, $, backticks, spaces, braces, non-ASCII. */
const HOSTILE_PATHS = [
  'C:\\Windows\\Temp\\first-logon.log',
  "C:\\Users\\O'Brien\\log.txt",
  "C:\\x'; Remove-Item C:\\ -Recurse; '",
  'C:\\a b\\$env:TEMP\\$(calc)\\`n.txt',
  'C:\\\u2018q\u2019\\\u201A\u201B.log',
  "C:\\ends with a quote'",
  "'",
  'C:\\{braces}\\(parens)\\#hash%.txt',
  'C:\\日本\\Jürgen.txt',
  'C:\\trailing backtick`',
];

const REQUIRED: RawOptions = { iso: 'win.iso', 'virtio-win-iso': 'virtio.iso', output: 'out.qcow2' };
const TEMPLATE = readFileSync(path.join(templatesDir(), 'first-logon.ps1.mustache'), 'utf8');

/** The rendered first-logon script without its byte order mark (which the renderer must add). */
function firstLogonScript(input: FirstLogonInput): string {
  const script = renderFirstLogonScript(input);
  if (!script.startsWith('\uFEFF')) throw new Error('the first-logon script has no byte order mark');
  return script.slice(1);
}

/** The template rendered by hand with escaping turned off, for the negative controls. */
function unescapedFirstLogonScript(input: FirstLogonInput): string {
  return Mustache.render(
    TEMPLATE,
    firstLogonScriptView(input),
    {},
    { escape: (value: unknown) => String(value) },
  );
}

/**
 * undefined when `$variable = '…'` occurs exactly once in a script that parses cleanly and its literal reads
 * back as `expected`; else what is wrong.
 */
function assignedValueProblem(script: string, variable: string, expected: string): string | undefined {
  const syntax = syntaxProblem(script);
  if (syntax) return syntax;
  const values = assignedValues(parsePowerShell(script), variable);
  if (values.length !== 1) return `${values.length} assignments to ${variable}`;
  let actual: string;
  try {
    actual = literalValueOf(values[0]!);
  } catch (error) {
    return `${variable}: ${(error as Error).message}`;
  }
  return actual === expected ? undefined : `${variable} reads back as ${JSON.stringify(actual)}`;
}

/** The decoded value of a single-quoted literal node, or undefined when it is not one. */
function tryValue(text: string): string | undefined {
  try {
    return singleQuotedValue(text);
  } catch {
    return undefined;
  }
}

function literalValues(tree: Tree): (string | undefined)[] {
  return stringLiterals(tree.rootNode).map((node) => tryValue(sourceText(node)));
}

describe('the harness', () => {
  it('reports ERROR and MISSING nodes with their place and the source around them', () => {
    const quote = syntaxProblem("$a = 1\n$UserName = 'x\n$b = 2");
    expect(quote).toMatch(/ERROR at line \d+, column \d+/);
    expect(quote).toContain("$UserName = 'x");
    const brace = syntaxProblem('if ($a) {\n    Write-Output 1\n');
    expect(brace).toMatch(/MISSING \} at line 2, column 19/);
    expect(syntaxProblem('Invoke-Step (1 + ')).toBeDefined();
    expect(syntaxProblem("$a = 'it''s'\nif ($a) { Write-Output $a }")).toBeUndefined();
  });

  it('finds a broken brace in the real first-logon script', () => {
    const script = firstLogonScript({ username: 'smolvm', os: 'w11' });
    const lastBrace = script.lastIndexOf('}');
    expect(syntaxProblem(script.slice(0, lastBrace) + script.slice(lastBrace + 1))).toMatch(/MISSING|ERROR/);
    const invokeStep = script.indexOf("Invoke-Step 'password never expires' {");
    expect(invokeStep).toBeGreaterThan(0);
    const unbalanced = script.replace(
      "Invoke-Step 'password never expires' {",
      "Invoke-Step 'password never expires {",
    );
    expect(syntaxProblem(unbalanced)).toBeDefined();
  });

  it('reads single-quoted literals by PowerShell rules, typographic quotes included', () => {
    expect(singleQuotedValue("'O''Brien'")).toBe("O'Brien");
    expect(singleQuotedValue("''")).toBe('');
    expect(singleQuotedValue("''''")).toBe("'");
    expect(singleQuotedValue("'a\u2018\u2018b'")).toBe('a\u2018b');
    expect(singleQuotedValue("'a'\u2019b'")).toBe('a\u2019b');
    expect(singleQuotedValue('\u2018x\u2019')).toBe('x');
    expect(() => singleQuotedValue("'a'b'")).toThrow(/ends at character 3/);
    expect(() => singleQuotedValue("'a\u2018b'")).toThrow(/ends at character 3/);
    expect(() => singleQuotedValue("'abc")).toThrow(/unterminated/);
    expect(() => singleQuotedValue('"abc"')).toThrow(/not a single-quoted/);
  });

  // Grammar quirks, pinned so that a grammar upgrade that fixes them shows here (then drop the workaround).
  it('knows the grammar quirk of upper-case numeric suffixes, and works around it for that construct only', () => {
    expect(findErrors(parseVerbatim('$a = $b / 1MB'))).not.toEqual([]);
    expect(findErrors(parseVerbatim('$a = $b / 1mb'))).toEqual([]);
    expect(syntaxProblem('$a = $b / 1MB + 2KB * 3L')).toBeUndefined();
    expect(syntaxProblem('$a = $b / 1MB)')).toBeDefined();
    expect(syntaxProblem("$a = '1MB")).toBeDefined();
    // The values of literals come from the original text.
    const tree = parsePowerShell("$a = '4MB'");
    expect(literalValueOf(assignedValues(tree, '$a')[0]!)).toBe('4MB');
  });

  it('knows that the grammar does not take typographic quotes for single quotes (PowerShell does)', () => {
    // PowerShell reads '‘' as an unterminated string ('‘ + ' is one escaped quote); the grammar takes it
    // whole. singleQuotedValue follows PowerShell, so the value check catches what the grammar misses.
    const script = "$UserName = '\u2018'";
    expect(syntaxProblem(script)).toBeUndefined();
    expect(assignedValueProblem(script, '$UserName', '\u2018')).toMatch(/unterminated/);
  });
});

describe('the first-logon script', () => {
  it('uses only hostile user names that validation accepts', () => {
    for (const username of HOSTILE_USERNAMES) {
      expect(() => optionsFromStrings({ ...REQUIRED, username }, 'cli')).not.toThrow();
    }
  });

  it('is rendered from the template by a plain Mustache render (so the negative controls are the same text)', () => {
    const input: FirstLogonInput = { username: 'smolvm', os: 'w11' };
    expect(unescapedFirstLogonScript(input)).toBe(firstLogonScript(input));
    // Every value goes in escaped, inside single quotes: no triple mustache, no {{& }}.
    expect(TEMPLATE).not.toMatch(/\{\{\{|\{\{&/);
    for (const tag of TEMPLATE.match(/.?\{\{[^}]*\}\}.?/g) ?? []) expect(tag).toMatch(/^'\{\{\w+\}\}'$/);
  });

  it.each(WINDOWS_OSES.flatMap((os) => HOSTILE_USERNAMES.map((username) => [os, username] as const)))(
    'parses for %s with the user name %j, which reads back exactly',
    (os, username) => {
      const script = firstLogonScript({ username, os });
      expect(assignedValueProblem(script, '$UserName', username)).toBeUndefined();
    },
  );

  it.each(WINDOWS_OSES)('keeps every templated value and every other literal for %s', (os) => {
    const input: FirstLogonInput = { username: "O'Brien \u2018$(x)\u2019", os };
    const view = firstLogonScriptView(input) as unknown as Record<string, unknown>;
    const rendered = stringLiterals(parsePowerShell(firstLogonScript(input)).rootNode).map(sourceText);
    const template = stringLiterals(parseVerbatim(TEMPLATE).rootNode).map((node) => node.text);
    expect(rendered).toHaveLength(template.length);
    let templated = 0;
    template.forEach((literal, i) => {
      const key = /^'\{\{(\w+)\}\}'$/.exec(literal)?.[1];
      if (key === undefined) {
        expect(rendered[i]).toBe(literal);
      } else {
        templated++;
        expect([key, singleQuotedValue(rendered[i]!)]).toEqual([key, String(view[key])]);
      }
    });
    expect(templated).toBe(TEMPLATE.match(/\{\{/g)?.length);
  });

  it('is really parsed: the tree has one Invoke-Step call per step of the template, with its name', () => {
    const tree = parsePowerShell(firstLogonScript({ username: 'smolvm', os: 'w11' }));
    const steps = [...TEMPLATE.matchAll(/^Invoke-Step '([^']*)' \{$/gm)].map((m) => m[1]);
    expect(steps.length).toBe(TEMPLATE.split("Invoke-Step '").length - 1);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const calls = commandsNamed(tree, 'Invoke-Step');
    expect(calls).toHaveLength(steps.length);
    const names = calls.map((call) => {
      const elements = call.childForFieldName('command_elements')?.namedChildren ?? [];
      const [name, action] = elements.filter((n) => n.type !== 'command_argument_sep');
      expect(action!.descendantsOfType('script_block').length).toBeGreaterThan(0);
      return literalValueOf(name!);
    });
    expect(names).toEqual(steps);
    // The helper functions are definitions, not calls, and Write-Log is called in and out of them.
    expect(commandsNamed(tree, 'Write-Log').length).toBeGreaterThan(steps.length);
    const functions = tree.rootNode.descendantsOfType('function_statement');
    expect(functions).toHaveLength(TEMPLATE.match(/^function /gm)?.length ?? -1);
  });

  describe('with escaping turned off (negative controls)', () => {
    it.each(["O'Brien", "x'$(calc)'", '\u2018Smart\u2019', 'a\u2018b'])(
      'is found broken for %j',
      (username) => {
        const script = unescapedFirstLogonScript({ username, os: 'w11' });
        expect(assignedValueProblem(script, '$UserName', username)).toBeDefined();
      },
    );

    it('is found wrong by the value check when the grammar alone accepts it', () => {
      // '' in the name becomes one quote: valid PowerShell, wrong account.
      const script = unescapedFirstLogonScript({ username: "a''b", os: 'w11' });
      expect(syntaxProblem(script)).toBeUndefined();
      expect(assignedValueProblem(script, '$UserName', "a''b")).toBe('$UserName reads back as "a\'b"');
    });
  });
});

/** The string values of the single-quoted literals below a node, in order. */
function literalTexts(node: SyntaxNode): string[] {
  return stringLiterals(node).flatMap((literal) => {
    const value = tryValue(sourceText(literal));
    return value === undefined ? [] : [value];
  });
}

/** The body of the one `Invoke-Step '<name>' { … }` of a parsed first-logon script. */
function stepBody(tree: Tree, name: string): SyntaxNode {
  const calls = commandsNamed(tree, 'Invoke-Step').filter((call) => literalTexts(call)[0] === name);
  expect(calls).toHaveLength(1);
  return calls[0]!.descendantsOfType('script_block')[0]!;
}

describe("the first-logon script's COM1, sshd and recovery steps", () => {
  const script = firstLogonScript({ username: "O'Brien $(x) `", os: '2k25' });
  const tree = parsePowerShell(script);

  it('opens COM1 once, writes every line and the ready signal through that one port, and closes it', () => {
    const opened = commandsNamed(tree, 'New-Object').filter((call) =>
      /System\.IO\.Ports\.SerialPort/.test(call.text),
    );
    expect(opened).toHaveLength(1);
    const invocations = tree.rootNode.descendantsOfType('invokation_expression').map((node) => node.text);
    expect(invocations.filter((text) => text.endsWith('.Open()'))).toEqual(['$script:SerialPort.Open()']);
    const writes = invocations.filter((text) => /\.WriteLine\(/.test(text));
    expect(writes).toEqual([
      '$script:SerialPort.WriteLine($Line)',
      `$script:SerialPort.WriteLine('${READY_SIGNAL}')`,
    ]);
    // The last statements: the marker, the ready signal (in a try), then the port is closed.
    const statements = tree.rootNode.descendantsOfType('statement_list')[0]!.namedChildren;
    const lastThree = statements.slice(-3).map((node) => node.text.split('\n')[0]);
    expect(lastThree).toEqual([
      `Set-Content -LiteralPath '${READY_MARKER_PATH}' -Value '${READY_MARKER_TEXT}' -Encoding ASCII`,
      'try {',
      'Close-SerialPort',
    ]);
  });

  it('makes sshd start Automatic (not delayed) and restart on failure, each sc.exe checked', () => {
    const body = stepBody(tree, 'start sshd');
    const checked = commandsNamed(tree, 'Invoke-Checked').filter((call) => body.text.includes(call.text));
    expect(checked.map(literalTexts)).toEqual([
      ['sc.exe', 'config', 'sshd', 'start=', 'auto'],
      ['sc.exe', 'failure', 'sshd', 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/5000'],
    ]);
    const code = [
      ...literalTexts(tree.rootNode),
      ...tree.rootNode.descendantsOfType('command').map((c) => c.text),
    ];
    expect(code.filter((text) => /delayed-auto/.test(text))).toEqual([]);
    // Invoke-Checked fails on any exit code but 0.
    const helper = tree.rootNode
      .descendantsOfType('function_statement')
      .find((node) => node.text.startsWith('function Invoke-Checked'));
    expect(helper?.text).toMatch(/if \(\$LASTEXITCODE -ne 0\) \{\s+throw/);
  });

  it('removes a recovery partition after C: with reagentc /disable checked (0 or 2) and /enable in a finally', () => {
    const body = stepBody(tree, 'no recovery partition after C:');
    const tries = body.descendantsOfType('try_statement');
    expect(tries).toHaveLength(1);
    const [attempt] = tries;
    const finallyClause = attempt!.descendantsOfType('finally_clause');
    expect(finallyClause).toHaveLength(1);
    const enable = finallyClause[0]!
      .descendantsOfType('command')
      .filter((c) => c.text.startsWith('& reagentc'));
    expect(enable.map((c) => c.text)).toEqual(['& reagentc.exe /enable']);
    // /disable runs before the try; inside it, its exit code is checked first, then remove and resize.
    const disable = body.descendantsOfType('command').filter((c) => c.text === '& reagentc.exe /disable');
    expect(disable).toHaveLength(1);
    expect(disable[0]!.startIndex).toBeLessThan(attempt!.startIndex);
    const inside = sourceText(attempt!);
    expect(inside).toMatch(/if \(\$code -ne 0 -and \$code -ne 2\) \{\s+throw/);
    expect(inside.indexOf('Remove-Partition')).toBeGreaterThan(inside.indexOf('$code -ne 2'));
    expect(inside.indexOf('Resize-Partition')).toBeGreaterThan(inside.indexOf('Remove-Partition'));
    // The new end is aligned down to 1 MiB, and a C: within 1 MiB of it is left alone.
    expect(inside).toMatch(/\$size = \$end - \(\$end % 1MB\) - \$system\.Offset/);
    expect(inside).toMatch(/if \(\$size - \$system\.Size -lt 1MB\) \{/);
  });
});

describe('the guest scripts (src/guest/scripts.ts)', () => {
  const exports = Object.entries(guestScripts) as [string, unknown][];
  const constants = exports.filter(
    (entry): entry is [string, string] => entry[0].endsWith('_SCRIPT') && typeof entry[1] === 'string',
  );
  const builders = exports.filter(
    (entry): entry is [string, (file: string) => string] =>
      entry[0].endsWith('Script') && typeof entry[1] === 'function',
  );

  it('are found by their names', () => {
    expect(constants.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'RETRIM_SCRIPT',
        'ZERO_FILL_SCRIPT',
        'APPX_CLEANUP_SCRIPT',
        'FORGET_HOST_KEYS_SCRIPT',
      ]),
    );
    expect(builders.map(([name]) => name)).toEqual(
      expect.arrayContaining(['testPathScript', 'readFileScript', 'writeFileFromStdinScript']),
    );
  });

  it.each(constants)('%s parses', (_name, script) => {
    expect(syntaxProblem(script)).toBeUndefined();
  });

  it.each(builders.flatMap(([name, build]) => HOSTILE_PATHS.map((file) => [name, file, build] as const)))(
    '%s(%j) parses and holds the path exactly once',
    (_name, file, build) => {
      const script = build(file);
      expect(syntaxProblem(script)).toBeUndefined();
      const values = literalValues(parsePowerShell(script));
      expect(values.filter((value) => value === file)).toHaveLength(1);
    },
  );

  it.each([
    ['testPathScript', guestScripts.testPathScript, 'Test-Path'],
    ['readFileScript', guestScripts.readFileScript, 'Get-Content'],
  ] as const)('%s passes the path to %s -LiteralPath', (_name, build, command) => {
    for (const file of HOSTILE_PATHS) {
      const tree = parsePowerShell(build(file));
      const calls = commandsNamed(tree, command);
      expect(calls).toHaveLength(1);
      const argument = parameterArgument(calls[0]!, '-LiteralPath');
      expect(argument && literalValueOf(argument)).toBe(file);
    }
  });

  it('psLiteral gives one literal that reads back exactly', () => {
    for (const value of [...HOSTILE_PATHS, ...HOSTILE_USERNAMES, '']) {
      const text = guestScripts.psLiteral(value);
      expect(syntaxProblem(text)).toBeUndefined();
      const literals = stringLiterals(parsePowerShell(text).rootNode);
      expect(literals.map(sourceText)).toEqual([text]);
      expect(singleQuotedValue(text)).toBe(value);
    }
  });

  it('a path put in without escaping is found broken or wrong (negative control)', () => {
    for (const file of ["C:\\Users\\O'Brien\\log.txt", 'C:\\\u2018q\u2019.log', "a''b"]) {
      const script = `Test-Path -LiteralPath '${file}'`;
      const problem = syntaxProblem(script);
      const values = problem ? [] : literalValues(parsePowerShell(script));
      expect(values.filter((value) => value === file)).toHaveLength(0);
    }
  });

  it('ZERO_FILL_SCRIPT starts with its header line as a comment, and RETRIM_SCRIPT runs Optimize-Volume', () => {
    const zeroFill = parsePowerShell(guestScripts.ZERO_FILL_SCRIPT);
    const comment = zeroFill.rootNode.descendantsOfType('comment')[0];
    expect(comment && [comment.startIndex, comment.text]).toEqual([0, guestScripts.ZERO_FILL_HEADER]);
    const retrim = commandsNamed(parsePowerShell(guestScripts.RETRIM_SCRIPT), 'Optimize-Volume');
    expect(retrim).toHaveLength(1);
    expect(parameterArgument(retrim[0]!, '-DriveLetter')?.text).toBe('C');
  });

  it('writeFileFromStdinScript starts with its header and assigns the path to $path, read back exactly', () => {
    for (const file of HOSTILE_PATHS) {
      const tree = parsePowerShell(guestScripts.writeFileFromStdinScript(file));
      const comment = tree.rootNode.descendantsOfType('comment')[0];
      expect(comment && [comment.startIndex, comment.text]).toEqual([0, guestScripts.WRITE_FILE_HEADER]);
      const assigned = assignedValues(tree, '$path');
      expect(assigned).toHaveLength(1);
      expect(literalValueOf(assigned[0]!)).toBe(file);
    }
  });

  it('APPX_CLEANUP_SCRIPT starts with its header and removes packages for all users', () => {
    const tree = parsePowerShell(guestScripts.APPX_CLEANUP_SCRIPT);
    const comment = tree.rootNode.descendantsOfType('comment')[0];
    expect(comment && [comment.startIndex, comment.text]).toEqual([0, guestScripts.APPX_CLEANUP_HEADER]);
    const removals = commandsNamed(tree, 'Remove-AppxPackage');
    expect(removals).toHaveLength(1);
    expect(sourceText(removals[0]!)).toMatch(/-AllUsers/);
  });

  it('FORGET_HOST_KEYS_SCRIPT removes every sshd host key, stopping on an error; the shutdown follows it in one command', () => {
    const tree = parsePowerShell(guestScripts.FORGET_HOST_KEYS_SCRIPT);
    const removals = commandsNamed(tree, 'Remove-Item');
    expect(removals).toHaveLength(1);
    expect(literalValueOf(parameterArgument(removals[0]!, '-Path')!)).toBe(
      'C:\\ProgramData\\ssh\\ssh_host_*',
    );
    expect(literalValueOf(assignedValues(tree, '$ErrorActionPreference')[0]!)).toBe('Stop');
    // cmd.exe runs the shutdown only when PowerShell exited with 0, in the same SSH session.
    expect(guestScripts.FINAL_SHUTDOWN_COMMAND).toBe(
      `${powershellCommand(guestScripts.FORGET_HOST_KEYS_SCRIPT)} && ${guestScripts.SHUTDOWN_COMMAND}`,
    );
  });

  it('reach PowerShell byte for byte through -EncodedCommand', () => {
    for (const script of [...constants.map(([, s]) => s), guestScripts.testPathScript(HOSTILE_PATHS[3]!)]) {
      const encoded = /-EncodedCommand ([A-Za-z0-9+/=]+)$/.exec(powershellCommand(script))?.[1];
      expect(Buffer.from(encoded ?? '', 'base64').toString('utf16le')).toBe(script);
    }
  });
});

describe("the clones' SetupComplete.cmd", () => {
  const lines = setupCompleteCmd().split('\r\n');
  const text = lines
    .map((line) => /^powershell\.exe [^"]*-Command "([^"]*)"$/.exec(line)?.[1])
    .find((found) => found !== undefined);

  it('has CRLF lines and one powershell line whose -Command text parses', () => {
    expect(setupCompleteCmd()).not.toMatch(/[^\r]\n/);
    expect(text).toBeDefined();
    expect(syntaxProblem(text ?? '')).toBeUndefined();
  });

  it('deletes both copies of the answer file, by -LiteralPath', () => {
    const removals = commandsNamed(parsePowerShell(text ?? ''), 'Remove-Item');
    const paths = removals.map((call) => literalValueOf(parameterArgument(call, '-LiteralPath')!));
    expect(paths).toEqual([PANTHER_ANSWER_FILE, CLONE_ANSWER_FILE]);
  });
});

describe("the FirstLogonCommand's PowerShell", () => {
  const commandLine = firstLogonCommandLine();
  const text = /^powershell\.exe [^"]*-Command "([^"]*)"$/.exec(commandLine)?.[1];

  it('is one double-quoted -Command argument with no double quote inside', () => {
    expect(text).toBeDefined();
  });

  it('parses', () => {
    expect(syntaxProblem(text ?? '')).toBeUndefined();
  });

  it('looks for the answer medium by its label and runs the first-logon script', () => {
    const tree = parsePowerShell(text ?? '');
    const getVolume = commandsNamed(tree, 'Get-Volume');
    expect(getVolume).toHaveLength(1);
    expect(literalValueOf(parameterArgument(getVolume[0]!, '-FileSystemLabel')!)).toBe(ANSWER_MEDIUM_LABEL);
    const joins = commandsNamed(tree, 'Join-Path');
    expect(joins).toHaveLength(2);
    for (const join of joins) {
      const values = stringLiterals(join).map((node) => tryValue(sourceText(node)));
      expect(values).toEqual([FIRST_LOGON_SCRIPT_NAME]);
    }
  });
});
