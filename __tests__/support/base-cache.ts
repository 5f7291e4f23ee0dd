/**
 * For the base cache's integration tests: src/ transpiled to plain ESM JavaScript (TypeScript's own
 * transpileModule, one file at a time), so separate node processes can race each other through the real
 * library, and a driver script for those processes (base-cache-child.mjs, below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** A directory holding src/**.js (and node_modules), made once per test file. */
export function transpiledSources(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bake-src-'));
  for (const name of readdirSync(path.join(REPO, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts')) continue;
    const source = readFileSync(path.join(REPO, 'src', name), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: name,
    });
    const target = path.join(out, 'src', name.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(REPO, 'node_modules'), path.join(out, 'node_modules'));
  writeFileSync(path.join(out, 'child.mjs'), CHILD);
  return out;
}

/**
 * The child: `node child.mjs MODE CACHE KEY [DISK SIGNALS]`, printing one JSON line when done.
 * - build: lookup; on a miss take the lock (touching SIGNALS/waiting-PID while it waits), then, holding it,
 *   wait until SIGNALS/waiting-* of another process appears (so the race really overlaps), lookup again,
 *   store DISK on a miss. Prints { outcome: 'stored' | 'hit' | 'hit-after-wait' }.
 * - use: registers as a user of KEY, prints { outcome: 'using' }, and stays until killed.
 * - lock: takes the build lock of KEY, prints { outcome: 'locked' }, and stays until killed.
 */
const CHILD = `
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BaseCache } from './src/cache/index.js';
import { takeBuildLock } from './src/cache/build-lock.js';

const [mode, dir, key, disk, signals] = process.argv.slice(2);
const cache = BaseCache.open(dir);
const say = (outcome) => process.stdout.write(JSON.stringify({ outcome, pid: process.pid }) + '\\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === 'build') {
  let found = await cache.lookup(key);
  if (found.hit) {
    say('hit');
  } else {
    let waited = false;
    const unlock = await cache.lock(key, {
      timeoutMs: 120000,
      pollMs: 100,
      onWait: () => {
        waited = true;
        writeFileSync(path.join(signals, 'waiting-' + process.pid), '');
      },
    });
    try {
      if (!waited) {
        const deadline = Date.now() + 60000;
        while (Date.now() < deadline && !readdirSync(signals).some((n) => n.startsWith('waiting-'))) await sleep(50);
      }
      found = await cache.lookup(key);
      if (found.hit) say(waited ? 'hit-after-wait' : 'hit');
      else {
        await cache.store(key, { disk }, { note: 'race' });
        say('stored');
      }
    } finally {
      await unlock();
    }
  }
} else if (mode === 'use') {
  cache.use(key);
  say('using');
  setInterval(() => undefined, 1000);
} else if (mode === 'lock') {
  await takeBuildLock(dir, key, { timeoutMs: 1000, staleMs: 2000 });
  say('locked');
  setInterval(() => undefined, 1000);
}
`;

export interface Child {
  process: ChildProcess;
  /** The first JSON line the child printed. */
  result: Promise<{ outcome: string; pid: number }>;
}

export function startChild(sources: string, args: string[]): Child {
  const child = spawn(process.execPath, [path.join(sources, 'child.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ outcome: string; pid: number }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve(JSON.parse(line) as { outcome: string; pid: number });
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before a result: ${stderr}`)),
    );
  });
  return { process: child, result };
}

/** Kills a child and waits until it is gone (its pid no longer names a live process). */
export async function killChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}
