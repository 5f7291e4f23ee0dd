/**
 * The real sources of a module and everything it imports, transpiled (not bundled) into a directory that
 * another user can read: for running src/ code as a non-root user, where Jest (running as root) cannot.
 * Packages resolve through a symlink to the repository's node_modules.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO } from './cli.js';

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g;

/** Transpiles `entry` (a path under src/) and its relative imports into `outDir`; returns the entry's .js path. */
export function transpileForNode(entry: string, outDir: string): string {
  const seen = new Set<string>();
  const queue = [path.resolve(REPO, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = path.join(outDir, path.relative(REPO, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const match of source.matchAll(RELATIVE_IMPORT)) {
      queue.push(path.resolve(path.dirname(file), `${match[1]}.ts`));
    }
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(outDir, 'node_modules'));
  writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}\n');
  return path.join(outDir, entry).replace(/\.ts$/, '.js');
}
