/** bases/KEY/base.json: what a cached base was made from and what its disk must look like to be trusted. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import type { RecordedInputs } from './key.js';

export interface BaseRecord {
  key: string;
  inputs: RecordedInputs;
  disk: { sizeBytes: number; mtimeMs: number; sha256: string };
  /** OVMF_VARS.fd and tpm/ are present (UEFI, uefi-secure). */
  ovmfVars: boolean;
  tpm: boolean;
  createdAt: string;
  lastUsedAt: string;
}

export const BASE_FILES = {
  disk: 'disk.qcow2',
  vars: 'OVMF_VARS.fd',
  tpm: 'tpm',
  record: 'base.json',
} as const;

/** The record, or a reason it cannot be trusted. */
export function readBaseRecord(baseDir: string, key: string): BaseRecord | string {
  let record: BaseRecord;
  try {
    record = JSON.parse(readFileSync(path.join(baseDir, BASE_FILES.record), 'utf8')) as BaseRecord;
  } catch (error) {
    return `its ${BASE_FILES.record} is unreadable (${(error as Error).message})`;
  }
  const disk = record?.disk;
  if (
    record?.key !== key ||
    typeof disk?.sizeBytes !== 'number' ||
    typeof disk.mtimeMs !== 'number' ||
    typeof disk.sha256 !== 'string' ||
    typeof record.lastUsedAt !== 'string'
  ) {
    return `its ${BASE_FILES.record} is incomplete or for another key`;
  }
  return record;
}

export function writeBaseRecord(baseDir: string, record: BaseRecord): void {
  writeFileAtomic(path.join(baseDir, BASE_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
}
