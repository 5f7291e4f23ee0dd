/** Runs the bundled CLI (dist/cli.js) as a user would, and makes small real ISO images for it. */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  cwd?: string;
  /** Another Node script to run instead of the CLI. */
  script?: string;
  /** Written to its stdin (which is closed after); without it, stdin is /dev/null. */
  stdin?: string;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? CLI, ...args], {
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      cwd: options.cwd,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `bwi-${prefix}-`));
}

/** A real ISO 9660 + Joliet image with the given volume id and files. */
export function makeIso(dir: string, name: string, volumeId: string, files: Record<string, string>): string {
  const source = path.join(dir, `${name}-src`);
  mkdirSync(source, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    writeFileSync(path.join(source, file), content);
  }
  const iso = path.join(dir, `${name}.iso`);
  execFileSync('xorrisofs', ['-J', '-r', '-V', volumeId, '-quiet', '-o', iso, source]);
  return iso;
}

/** Reads a file from an ISO by its Joliet name, the way Windows Setup does. */
export function readJolietFile(iso: string, file: string): string {
  return execFileSync('isoinfo', ['-J', '-i', iso, '-x', file], { encoding: 'utf8' });
}

/** The names in an ISO's Joliet tree (what Setup sees). */
export function jolietNames(iso: string): string[] {
  return execFileSync('isoinfo', ['-J', '-f', '-i', iso], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

export const isRoot = process.getuid?.() === 0;
