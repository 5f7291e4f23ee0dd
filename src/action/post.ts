/**
 * The post step: whatever main left behind when it crashed or was killed — QEMU, swtpm and qemu-img processes
 * of this build, the work dir (its answer medium holds the password), and the hidden partial files of an
 * image that was being compacted next to the output. A main that ended by itself (built, failed, cancelled)
 * cleaned up already and clears the output from the state, so a finished image it kept is never touched.
 * Except in the directory the action chose itself (output not given) outside runner.temp, once the image was
 * published: nothing else removes it there, and each run's would pile up on a self-hosted runner's disk.
 */
import * as core from '@actions/core';
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isPartialOf } from '../bake/partials.js';
import { firmwareStatePaths } from '../bake/steps/firmware-state.js';
import { isInside } from './summary.js';

export const STATE_WORK_DIR = 'work-dir';
export const STATE_IS_POST = 'is-post';
/** The output of a build that is running; cleared when main ends by itself. */
export const STATE_OUTPUT = 'output';
/** The private directory the action chose for the build when `output` was not given (placement.ts). */
export const STATE_BUILD_ROOT = 'build-root';
/** 'true' once the image was uploaded as an artifact or pushed to a registry: a copy lives elsewhere. */
export const STATE_PUBLISHED = 'published';

/** The hidden partial files a build writes next to `output` (image, UEFI vars, TPM state). */
export function partialFilesOf(output: string): string[] {
  const dir = path.dirname(output);
  const state = firmwareStatePaths(output, 'uefi-secure');
  const owners = [output, state.vars, state.tpm!];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((name) => owners.some((owner) => isPartialOf(name, owner)))
    .map((name) => path.join(dir, name));
}

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

/** A signal to a process; one that is gone or not ours is reported, never stops the cleanup. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    core.warning(`Post cleanup: could not send ${name} to ${pid}: ${(error as Error).message}`);
  }
}

export async function terminate(pids: number[]): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
}

function remove(file: string): void {
  try {
    rmSync(file, { recursive: true, force: true });
    core.info(`Removed ${file}`);
  } catch (error) {
    core.warning(`Post cleanup: could not remove ${file}: ${(error as Error).message}`);
  }
}

export async function runPost(): Promise<void> {
  const workDir = core.getState(STATE_WORK_DIR);
  const output = core.getState(STATE_OUTPUT);
  // Processes first (QEMU, swtpm, and qemu-img compacting the work dir's disk), then their files. Only by
  // the work dir: a process that uses the output may be a later step's VM booting a finished image.
  const pids = workDir ? processesUsing(workDir) : [];
  if (pids.length > 0) {
    core.info(`Stopping ${pids.length} process(es) left by the build: ${pids.join(', ')}`);
    await terminate(pids);
  }
  if (workDir) remove(workDir);
  if (output) for (const partial of partialFilesOf(output)) remove(partial);
  removeBuildRoot(core.getState(STATE_BUILD_ROOT), core.getState(STATE_PUBLISHED) === 'true');
}

/**
 * The action's own build directory: with the image in it once published, unless inside runner.temp (the
 * runner wipes that); otherwise only when empty (an image that went nowhere stays, where the warning said).
 */
function removeBuildRoot(dir: string | undefined, published: boolean): void {
  if (!dir) return;
  const runnerTemp = process.env.RUNNER_TEMP;
  if (published && !(runnerTemp && isInside(dir, runnerTemp))) {
    core.info(`The image was published: removing the action's build directory ${dir} (output was not set).`);
    remove(dir);
    return;
  }
  removeIfEmpty(dir);
}

/** The action's own build directory, once nothing is left in it (a kept image keeps it). */
export function removeIfEmpty(dir: string | undefined): void {
  if (!dir) return;
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (it holds the image), or gone already.
  }
}
