/**
 * PowerShell parsed by a real grammar (tree-sitter-powershell), for the tests of every PowerShell text the
 * project renders or sends: no PowerShell runs on the build machines.
 *
 * Both packages are native CommonJS addons; tree-sitter-powershell's own entry point is an ES module with
 * top-level await, so its language is loaded here the way that entry point does it (node-gyp-build on the
 * package folder), through Node's own require (processWideRequire).
 */
import NodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type ParserType from 'tree-sitter';

type Parser = ParserType;
export type Tree = ParserType.Tree;
export type SyntaxNode = ParserType.SyntaxNode;

/**
 * Node's own require (not jest's per-test-file registry) for the native addons: loaded a second time in
 * the same worker through a fresh registry, tree-sitter's bindings return broken nodes to the test file that
 * runs second. Node's module cache is process-wide, so every test file of a worker shares one instance.
 */
function processWideRequire(filename: string): NodeRequire {
  const owner = new (
    NodeModule as unknown as new (id: string) => NodeModule & { filename: string; paths: string[] }
  )(filename);
  owner.filename = filename;
  owner.paths = (NodeModule as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(filename),
  );
  const load = (id: string): unknown => owner.require(id);
  return Object.assign(load, {
    resolve: (id: string) =>
      (NodeModule as unknown as { _resolveFilename(id: string, parent: unknown): string })._resolveFilename(
        id,
        owner,
      ),
  }) as unknown as NodeRequire;
}

const require = processWideRequire(fileURLToPath(import.meta.url));
const ParserClass = require('tree-sitter') as typeof ParserType;
const grammarRoot = path.dirname(require.resolve('tree-sitter-powershell/package.json'));
const nodeGypBuild = processWideRequire(path.join(grammarRoot, 'package.json'))('node-gyp-build') as (
  dir: string,
) => ParserType.Language;
const POWERSHELL = nodeGypBuild(grammarRoot);

let parser: Parser | undefined;

/**
 * Grammar quirk (tree-sitter-powershell 0.26.4): it takes the numeric multipliers kb mb gb tb pb and the type
 * suffixes l d in lower case only, while PowerShell takes any case and `1MB` is the usual spelling. An
 * upper-case one reads as a command name where a command may start (`$reserve = 256MB`: no error, but a
 * wrong tree) and as an ERROR after a binary operator (`$written / 1MB`). Only such a number is lowered
 * for the grammar, keeping every length: tree positions still index the original text, and the values of
 * string literals are read from the original text (sourceText), so a value that contains such a number is
 * never changed. Everything else reaches the grammar as it is.
 */
const NUMBER_WITH_SUFFIX =
  /\b(?:0x[0-9a-f]+|[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(?:l|d)?(?:kb|mb|gb|tb|pb)?\b/gi;

/** The text the grammar is given: the original but for the case of numeric suffixes (see above). */
export function grammarText(text: string): string {
  return text.replace(NUMBER_WITH_SUFFIX, (number) => number.toLowerCase());
}

const originals = new WeakMap<Tree, string>();

function parseText(text: string, grammarInput: string): Tree {
  if (text.startsWith('\uFEFF')) throw new Error('strip the byte order mark before parsing');
  if (!parser) {
    parser = new ParserClass();
    parser.setLanguage(POWERSHELL);
  }
  const tree = parser.parse(grammarInput);
  originals.set(tree, text);
  return tree;
}

/** The syntax tree of a PowerShell text (without a byte order mark: strip it first). */
export function parsePowerShell(text: string): Tree {
  return parseText(text, grammarText(text));
}

/** The syntax tree of the text exactly as given, without the workaround above: for pinning the quirk. */
export function parseVerbatim(text: string): Tree {
  return parseText(text, text);
}

/** The original text of a node (node.text is the grammar's text, see grammarText). */
export function sourceText(node: SyntaxNode): string {
  const original = originals.get(node.tree);
  if (original === undefined) throw new Error('the node is not from parsePowerShell');
  return original.slice(node.startIndex, node.endIndex);
}

/** Every node of the tree, depth first, in source order. */
export function* walk(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** The ERROR and MISSING nodes of the tree, in source order. */
export function findErrors(tree: Tree): SyntaxNode[] {
  const bad: SyntaxNode[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.isError || node.isMissing) bad.push(node);
  }
  return bad;
}

/** 1-based line and column of a node, and the source lines around it with a caret under its start. */
export function describeNode(text: string, node: SyntaxNode): string {
  const { row, column } = node.startPosition;
  const lines = text.split('\n');
  const first = Math.max(0, row - 2);
  const around = lines
    .slice(first, row + 3)
    .map((line, i) => `${String(first + i + 1).padStart(5)} | ${line}`)
    .flatMap((line, i) => (first + i === row ? [line, `${' '.repeat(5)} | ${' '.repeat(column)}^`] : [line]));
  const kind = node.isMissing ? `MISSING ${node.type}` : node.type;
  const own = text.slice(node.startIndex, node.endIndex).split('\n')[0]!.slice(0, 60);
  return `${kind} at line ${row + 1}, column ${column + 1} ("${own}"):\n${around.join('\n')}`;
}

/**
 * undefined when the text parses without an ERROR or MISSING node; else a message about the first one
 * (how many there are, where, and the source around it), for `expect(...).toBeUndefined()`.
 */
export function syntaxProblem(text: string): string | undefined {
  const tree = parsePowerShell(text);
  const bad = findErrors(tree);
  const first = bad[0];
  if (!first) {
    if (tree.rootNode.hasError) return 'the tree reports an error but no ERROR or MISSING node was found';
    return undefined;
  }
  return `${bad.length} bad node(s); the first is ${describeNode(text, first)}`;
}

/** The characters PowerShell takes for a single quote: ' and the typographic U+2018–U+201B. */
const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * The value of a single-quoted (verbatim) PowerShell string literal, by PowerShell's own rules rather than the
 * grammar's: any of the five single-quote characters opens and closes it, and inside, two of them in a row
 * stand for the second one. Throws when the text is not exactly one such literal (e.g. it ends early: the
 * grammar does not know the typographic quotes, PowerShell does).
 */
export function singleQuotedValue(literal: string): string {
  const chars = Array.from(literal);
  if (chars.length < 2 || !SINGLE_QUOTES.has(chars[0]!)) {
    throw new Error(`not a single-quoted string literal: ${literal}`);
  }
  let value = '';
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i]!;
    if (SINGLE_QUOTES.has(c)) {
      const next = chars[i + 1];
      if (next !== undefined && SINGLE_QUOTES.has(next)) {
        value += next;
        i++;
        continue;
      }
      if (i !== chars.length - 1) {
        throw new Error(`the string literal ends at character ${i + 1}, before the end of ${literal}`);
      }
      return value;
    }
    value += c;
  }
  throw new Error(`unterminated string literal: ${literal}`);
}

/** Case-insensitive, as PowerShell names are. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The string_literal nodes below a node (itself included). */
export function stringLiterals(node: SyntaxNode): SyntaxNode[] {
  return [...walk(node)].filter((n) => n.type === 'string_literal');
}

/**
 * The assignments `$name = …` in the tree (the variable with its $, any case), each as its value node.
 */
export function assignedValues(tree: Tree, variable: string): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'assignment_expression') continue;
    const target = node.namedChildren[0];
    const value = node.childForFieldName('value');
    if (target && value && sameName(target.text.trim(), variable)) values.push(value);
  }
  return values;
}

/** The command invocations (not function definitions) whose command name is `name` (any case). */
export function commandsNamed(tree: Tree, name: string): SyntaxNode[] {
  return [...walk(tree.rootNode)].filter((node) => {
    if (node.type !== 'command') return false;
    const commandName = node.childForFieldName('command_name');
    return commandName !== null && sameName(commandName.text, name);
  });
}

/**
 * The argument that follows the parameter `-Name` (any case) of a command node, or undefined; the
 * separators between command elements are skipped.
 */
export function parameterArgument(command: SyntaxNode, parameter: string): SyntaxNode | undefined {
  const elements = command.childForFieldName('command_elements');
  if (!elements) return undefined;
  const items = elements.namedChildren.filter((n) => n.type !== 'command_argument_sep');
  const at = items.findIndex((n) => n.type === 'command_parameter' && sameName(n.text, parameter));
  return at < 0 ? undefined : items[at + 1];
}

/**
 * The value of a node that is exactly one single-quoted string literal (possibly wrapped in expression
 * nodes of the same text); throws otherwise.
 */
export function literalValueOf(node: SyntaxNode): string {
  const literals = stringLiterals(node);
  const literal = literals[0];
  if (literals.length !== 1 || !literal || literal.text !== node.text) {
    throw new Error(`not exactly one string literal: ${node.type} "${sourceText(node)}"`);
  }
  return singleQuotedValue(sourceText(literal));
}
