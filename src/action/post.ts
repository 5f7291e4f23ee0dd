/**
 * The post step: whatever main left behind when it crashed or was cancelled — QEMU and swtpm processes of this
 * build, and the work dir (its answer medium holds the password). The finished image, which lives outside the
 * work dir, is never touched.
 */
import * as core from '@actions/core';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

export const STATE_WORK_DIR = 'work-dir';
export const STATE_IS_POST = 'is-post';

/** PIDs whose command line mentions the work dir: this build's QEMU and swtpm, nothing else. */
export function processesUsing(workDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(workDir)) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function terminate(pids: number[]): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}

export async function runPost(): Promise<void> {
  const workDir = core.getState(STATE_WORK_DIR);
  if (!workDir) return;
  try {
    const pids = processesUsing(workDir);
    if (pids.length > 0) {
      core.info(`Stopping ${pids.length} process(es) left by the build: ${pids.join(', ')}`);
      await terminate(pids);
    }
    rmSync(workDir, { recursive: true, force: true });
    core.info(`Removed ${workDir}`);
  } catch (error) {
    core.warning(`Post cleanup: ${(error as Error).message}`);
  }
}
