/** qemu-img: create the install disk and overlays, inspect, check, compact and flatten images. */
import { availableParallelism } from 'node:os';
import { BuildError } from '../errors.js';
import { PROGRAMS, requireProgram, run } from './exec.js';

export interface ImageInfo {
  virtualSizeBytes: number;
  /** Bytes the image file really occupies on the host. */
  actualSizeBytes: number;
  format: string;
  /** The backing file an overlay reads unwritten clusters from; undefined for a standalone image. */
  backingFile?: string;
}

/** A qcow2 of the given virtual size with no preallocation: it grows only as the guest writes. */
export function createArgs(file: string, sizeMiB: number): string[] {
  return ['create', '-q', '-f', 'qcow2', '-o', 'preallocation=off', file, `${sizeMiB}M`];
}

export async function createQcow2(file: string, sizeMiB: number, signal?: AbortSignal): Promise<void> {
  await run(requireProgram(PROGRAMS.qemuImg), createArgs(file, sizeMiB), { signal });
}

export async function imageInfo(file: string, signal?: AbortSignal): Promise<ImageInfo> {
  const { stdout } = await run(requireProgram(PROGRAMS.qemuImg), ['info', '--output=json', file], { signal });
  const info = JSON.parse(stdout) as {
    'virtual-size': number;
    'actual-size': number;
    format: string;
    'backing-filename'?: string;
  };
  return {
    virtualSizeBytes: info['virtual-size'],
    actualSizeBytes: info['actual-size'],
    format: info.format,
    backingFile: info['backing-filename'],
  };
}

/** Fails with qemu-img's report when the image has errors or leaks that would corrupt it. */
export async function checkImage(file: string, signal?: AbortSignal): Promise<void> {
  await run(requireProgram(PROGRAMS.qemuImg), ['check', '-q', file], { signal });
}

export interface ConvertSpec {
  source: string;
  target: string;
  /** zstd-compressed clusters: much smaller, still a plain qcow2 any QEMU ≥ 5.1 boots. */
  compress: boolean;
  /** `-m N -W`: N parallel coroutines writing out of order (see convertCoroutines); omitted: qemu-img's 8, in order. */
  coroutines?: number;
  /**
   * `-U`: read a source that a QEMU still holds open (its lock refused otherwise). Only for a VM that is halted
   * after a clean power-off, whose disk nothing writes until it runs again.
   */
  sourceInUse?: boolean;
}

/** qemu-img convert refuses `-m` above 16 ("Allowed number of coroutines is between 1 and 16"). */
export const MAX_CONVERT_COROUTINES = 16;

/**
 * The `-m` for a compressing or flattening convert: one coroutine per host core, since zstd compression is
 * the bottleneck and runs in parallel per coroutine, capped at qemu-img's limit of 16. Pure.
 */
export function convertCoroutines(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(Math.floor(cores), MAX_CONVERT_COROUTINES));
}

/**
 * Copies only allocated, non-zero clusters: the compacted image. A source with a backing file is read
 * through it, so the target is always standalone (this is how an overlay is flattened). Pure.
 */
export function convertArgs(spec: ConvertSpec): string[] {
  const args = ['convert', '-O', 'qcow2'];
  if (spec.compress) args.push('-c', '-o', 'compression_type=zstd');
  // -W: clusters land in whatever order they finish; the target is new and read by nobody until done.
  if (spec.coroutines !== undefined) args.push('-m', String(spec.coroutines), '-W');
  if (spec.sourceInUse) args.push('-U');
  args.push(spec.source, spec.target);
  return args;
}

/** A qcow2 overlay whose unwritten clusters read from `base` (which is never written through it). Pure. */
export function overlayArgs(base: string, overlay: string): string[] {
  return ['create', '-f', 'qcow2', '-F', 'qcow2', '-b', base, overlay];
}

export async function createOverlay(base: string, overlay: string, signal?: AbortSignal): Promise<void> {
  await run(requireProgram(PROGRAMS.qemuImg), overlayArgs(base, overlay), { signal });
}

/** Overlay + base → one standalone, compressed qcow2 at `target`. Pure. */
export function flattenArgs(overlay: string, target: string, coroutines: number): string[] {
  return convertArgs({ source: overlay, target, compress: true, coroutines });
}

/** Fails unless `file` is standalone: an image still pointing at a cached base must never be delivered. */
export async function requireStandalone(file: string, signal?: AbortSignal): Promise<void> {
  const info = await imageInfo(file, signal);
  if (info.backingFile !== undefined) {
    throw new BuildError('internal', `${file} still has a backing file (${info.backingFile})`, {
      hint: 'The overlay was not flattened; this is a bug in bake-windows-image, please report it.',
    });
  }
}

export async function convertImage(spec: ConvertSpec, signal?: AbortSignal): Promise<void> {
  await run(requireProgram(PROGRAMS.qemuImg), convertArgs(spec), { signal });
}
