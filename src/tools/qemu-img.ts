/** qemu-img: create the install disk, inspect it, check it and compact it. */
import { PROGRAMS, requireProgram, run } from './exec.js';

export interface ImageInfo {
  virtualSizeBytes: number;
  /** Bytes the image file really occupies on the host. */
  actualSizeBytes: number;
  format: string;
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
  const info = JSON.parse(stdout) as { 'virtual-size': number; 'actual-size': number; format: string };
  return {
    virtualSizeBytes: info['virtual-size'],
    actualSizeBytes: info['actual-size'],
    format: info.format,
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
}

/** Copies only allocated, non-zero clusters: the compacted image. */
export function convertArgs(spec: ConvertSpec): string[] {
  const args = ['convert', '-O', 'qcow2'];
  if (spec.compress) args.push('-c', '-o', 'compression_type=zstd');
  args.push(spec.source, spec.target);
  return args;
}

export async function convertImage(spec: ConvertSpec, signal?: AbortSignal): Promise<void> {
  await run(requireProgram(PROGRAMS.qemuImg), convertArgs(spec), { signal });
}
