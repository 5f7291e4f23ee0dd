/**
 * Admission control across real processes (src/bake/steps/admission.ts, admission-ledger.ts): a holder
 * process reserves memory in a ledger directory, a second process runs the Admission step against the real
 * host's MemTotal/MemAvailable and CPUs, sized so that it cannot fit while the holder lives. Nothing is
 * injected: the sizes are computed from this host's /proc/meminfo. Then the CLI bundle (`npm run bundle`
 * first) with a guest larger than the host fails at once with the numbers and leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryHeadroomBytes } from '../../src/bake/admission.js';
import { hostMemory } from '../../src/bake/host-resources.js';
import { transpiledSources } from '../support/base-cache.js';
import { isRoot, runCli, tempDir } from '../support/cli.js';
import { transpileForNode } from '../support/transpiled.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

const MiB = 1024 * 1024;

/**
 * `node admission-child.mjs hold LEDGER MIB`: reserves MIB MiB (1 vCPU, no disk) and stays until killed or
 * sent "exit" on stdin (then gives the reservation back, as a build's cleanup does).
 * `node admission-child.mjs admit LEDGER MIB MODE WORKDIR [TIMEOUT_MS]`: the Admission step for a 1-vCPU TCG
 * guest of MIB MiB in a build of TIMEOUT_MS (default 60 s); prints the step's log lines, then "admitted
 * {deadlineMs, waitedMs}" (its deadline and the admission, from its start; then releases) or the error.
 */
const CHILD = `
import { randomUUID } from 'node:crypto';
import { Admission } from './src/bake/steps/admission.js';
import { releaseReservation, withLedgerLock, writeReservation } from './src/bake/admission-ledger.js';
import { currentProcess } from './src/tools/process-identity.js';

const [mode, ledger, mib, admission, workDir, timeoutMs = '60000'] = process.argv.slice(2);
process.env.BAKE_ADMISSION_DIR = ledger;
const say = (line) => process.stdout.write(line + '\\n');
if (mode === 'hold') {
  const buildId = randomUUID();
  await withLedgerLock(ledger, () =>
    writeReservation(ledger, {
      ...currentProcess(), buildId, memoryMiB: Number(mib), cpus: 1, diskBytes: 0, device: '0',
      workDir: ledger, startedAt: new Date().toISOString(),
    }),
  );
  say('holding');
  process.stdin.on('data', async () => {
    await withLedgerLock(ledger, () => releaseReservation(ledger, buildId));
    process.exit(0);
  });
} else {
  const log = (message) => say(message);
  const startedAt = Date.now();
  const context = {
    options: { memoryMiB: Number(mib), cpus: 1, diskSizeMiB: 64, admission, dryRun: false },
    logger: { info: log, warn: log, debug: () => undefined, phase: log },
    signal: new AbortController().signal,
    buildId: randomUUID(),
    startedAt,
    deadline: startedAt + Number(timeoutMs),
    os: 'w11',
    accel: 'tcg',
    workDir,
  };
  const step = new Admission();
  try {
    await step.run(context);
    say('admitted ' + JSON.stringify({ deadlineMs: context.deadline - startedAt, waitedMs: Date.now() - startedAt }));
    await step.cleanup();
  } catch (error) {
    say(JSON.stringify({ code: error.code, message: error.message, hint: error.hint }));
    process.exitCode = 1;
  }
}
`;

interface Child {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

let sources: string;
let dir: string;

function start(args: string[]): Child {
  const child = spawn(process.execPath, [path.join(sources, 'admission-child.mjs'), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    lines,
    exited,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen) return resolve(seen);
        waiters.push({ pattern, resolve });
        void exited.then((code) =>
          reject(new Error(`exited (${code}) without ${pattern}: ${lines.join('\n')}\n${stderr}`)),
        );
      }),
  };
}

/** Sizes from this host: B alone fits now; A's reservation and B's together exceed MemTotal. */
function sizes(): { holder: number; build: number } {
  const { totalBytes, availableBytes } = hostMemory();
  const headroom = memoryHeadroomBytes(totalBytes);
  const build = Math.floor((availableBytes - headroom) / MiB) - 512;
  const holder = Math.ceil((totalBytes - headroom) / MiB) - build + 256;
  if (build < 256 || holder < 256) throw new Error('this host has too little memory free for the test');
  return { holder, build };
}

const records = (ledger: string): string[] => readdirSync(ledger).filter((name) => name.endsWith('.json'));

beforeAll(() => {
  sources = transpiledSources();
  writeFileSync(path.join(sources, 'admission-child.mjs'), CHILD);
  dir = tempDir('admission');
});

afterAll(() => {
  rmSync(sources, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function ledgerDir(name: string): string {
  return tempDir(`ledger-${name}`);
}

describe('two builds on one host', () => {
  it('a build that cannot fit beside a live one waits for it, and goes on when it gives its share back', async () => {
    const ledger = ledgerDir('release');
    const { holder, build } = sizes();
    const a = start(['hold', ledger, String(holder)]);
    await a.line(/^holding$/);
    const b = start(['admit', ledger, String(build), 'wait', dir]);
    const waiting = await b.line(/^Waiting for room/);
    expect(waiting).toContain(`needs ${build} MiB memory`);
    expect(waiting).toContain(`reserved by 1 other build (pid ${a.process.pid})`);
    expect(b.lines.some((line) => line.startsWith('admitted'))).toBe(false);
    a.process.stdin!.write('exit\n');
    await b.line(/^admitted /);
    expect(await b.exited).toBe(0);
    expect(b.lines.some((line) => /^Admitted after waiting/.test(line))).toBe(true);
    expect(records(ledger)).toEqual([]);
  });

  it('a build that waited most of its timeout still has all of it after the wait', async () => {
    const ledger = ledgerDir('timeout');
    const { holder, build } = sizes();
    const a = start(['hold', ledger, String(holder)]);
    await a.line(/^holding$/);
    // A 3 s build timeout, and a neighbour that holds on for 2 s of the wait.
    const b = start(['admit', ledger, String(build), 'wait', dir, '3000']);
    expect(await b.line(/^Waiting for room/)).toMatch(
      /^Waiting for room \(at most 3 s, not counted in --build-timeout\)/,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    a.process.stdin!.write('exit\n');
    const admitted = JSON.parse((await b.line(/^admitted /)).slice('admitted '.length)) as {
      deadlineMs: number;
      waitedMs: number;
    };
    expect(await b.exited).toBe(0);
    // The deadline moved by the wait: the whole 3 s are left from the admission on.
    expect(admitted.waitedMs).toBeGreaterThanOrEqual(2000);
    expect(admitted.deadlineMs - admitted.waitedMs).toBeGreaterThan(2000); // without: 3 s less the 2 s wait
    expect(b.lines).toContainEqual(
      expect.stringMatching(/^Admitted after waiting \d+ s \(not counted in --build-timeout: \d+ s left/),
    );
  });

  it('the wait has its own budget, as long as the build timeout', async () => {
    const ledger = ledgerDir('budget');
    const { holder, build } = sizes();
    const a = start(['hold', ledger, String(holder)]);
    await a.line(/^holding$/);
    const b = start(['admit', ledger, String(build), 'wait', dir, '1000']);
    const error = JSON.parse(await b.line(/^\{/)) as { code: string; message: string };
    expect(await b.exited).toBe(1);
    expect(error.code).toBe('host-busy');
    expect(error.message).toContain('it waited 1 s, as long as --build-timeout');
    a.process.kill('SIGKILL');
  });

  it("a killed holder's record is ignored and removed: the waiting build goes on", async () => {
    const ledger = ledgerDir('killed');
    const { holder, build } = sizes();
    const a = start(['hold', ledger, String(holder)]);
    await a.line(/^holding$/);
    const b = start(['admit', ledger, String(build), 'wait', dir]);
    await b.line(/^Waiting for room/);
    a.process.kill('SIGKILL');
    await a.exited;
    expect(records(ledger)).toHaveLength(1); // a killed process removes nothing itself
    await b.line(/^admitted /);
    expect(await b.exited).toBe(0);
    expect(records(ledger)).toEqual([]);
  }, 20_000); // the re-check that finds a killed holder comes every 2 s

  it('--admission fail fails at once with the numbers and the build in the way', async () => {
    const ledger = ledgerDir('fail');
    const { holder, build } = sizes();
    const a = start(['hold', ledger, String(holder)]);
    await a.line(/^holding$/);
    const b = start(['admit', ledger, String(build), 'fail', dir]);
    const error = JSON.parse(await b.line(/^\{/)) as { code: string; message: string; hint: string };
    expect(await b.exited).toBe(1);
    expect(error.code).toBe('host-busy');
    expect(error.message).toContain(`needs ${build} MiB memory`);
    expect(error.message).toContain(`pid ${a.process.pid}`);
    expect(error.hint).toContain('--memory');
    expect(b.lines.some((line) => line.startsWith('Waiting'))).toBe(false);
    a.process.kill('SIGKILL');
    expect(records(ledger)).toHaveLength(1); // only the holder's: B reserved nothing
  });
});

describe('a guest larger than the host', () => {
  it('fails at once (exit 1) with the numbers and a hint, leaving nothing behind', async () => {
    const ledger = ledgerDir('cli');
    const media = tempDir('admission-media');
    const out = path.join(dir, 'cli-out');
    const [windowsIso, virtioIso] = [await makeWindowsIso(media, 'windows'), makeVirtioIso(media)];
    const memory = Math.ceil(hostMemory().totalBytes / MiB);
    const run = await runCli(
      [
        'build-image',
        '--iso',
        windowsIso,
        '--virtio-win-iso',
        virtioIso,
        '--output',
        path.join(out, 'w.qcow2'),
      ].concat(['--accel', 'tcg', '--cpus', '1', '--memory', String(memory), '--password', 'x-Passw0rd']),
      { env: { ...process.env, BAKE_ADMISSION_DIR: ledger } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`needs ${memory} MiB memory; the host has`);
    expect(run.stderr).toMatch(/hint:.*--memory/);
    expect(existsSync(out)).toBe(false);
    expect(records(ledger)).toEqual([]);
    rmSync(media, { recursive: true, force: true });
  });
});

/**
 * Two users on one host (root and nobody) share the 1777 ledger: a dead build's record or a stale lock left
 * by root cannot be removed by nobody. Nobody runs the real ledger code (transpiled, readable by it).
 */
describe.each(isRoot ? ['as root and nobody'] : [])('two users, %s', () => {
  const NOBODY = { uid: 65534, gid: 65534 };
  let shared: string;
  let driver: string;

  beforeAll(() => {
    shared = tempDir('admission-users');
    chmodSync(shared, 0o755);
    const entry = transpileForNode('src/bake/admission-ledger.ts', path.join(shared, 'code'));
    driver = path.join(shared, 'driver.mjs');
    writeFileSync(
      driver,
      `const { liveReservations, withLedgerLock } = await import(${JSON.stringify(entry)});
try {
  const live = await withLedgerLock(process.argv[2], () => liveReservations(process.argv[2]));
  console.log(JSON.stringify({ live: live.length }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message, hint: error.hint }));
}
`,
    );
  });

  afterAll(() => rmSync(shared, { recursive: true, force: true }));

  /** A 1777 ledger like /var/tmp/bake-windows-image/admission, made by root. */
  function sharedLedger(name: string): string {
    const ledger = path.join(shared, name);
    mkdirSync(ledger);
    chmodSync(ledger, 0o1777);
    return ledger;
  }

  const asNobody = (ledger: string): Record<string, unknown> => {
    const run = spawnSync(process.execPath, [driver, ledger], { ...NOBODY, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  it("a dead build's record of another user is ignored, not an error", () => {
    const ledger = sharedLedger('dead-record');
    const dead = spawnSync('true').pid!; // exited: its record holds nothing
    writeFileSync(
      path.join(ledger, 'root-build.json'),
      JSON.stringify({ pid: dead, buildId: 'root-build', memoryMiB: 1 << 20, cpus: 64, diskBytes: 0 }),
      { mode: 0o644 },
    );
    expect(asNobody(ledger)).toEqual({ live: 0 });
    expect(records(ledger)).toEqual(['root-build.json']); // not nobody's to remove
  });

  it("another user's stale lock fails at once with the file to remove, not EPERM", () => {
    const ledger = sharedLedger('stale-lock');
    const lock = path.join(ledger, '.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old); // its holder died a minute ago
    const error = asNobody(ledger);
    expect(error.code).toBe('host-busy');
    expect(error.message).toContain(`lock ${lock} was left behind by another user's build`);
    expect(error.hint).toContain(`sudo rmdir ${lock}`);
    expect(existsSync(lock)).toBe(true);
  });
});
