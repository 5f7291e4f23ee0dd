import type { RecordedInputs } from './key.js';
export interface BaseRecord {
    key: string;
    inputs: RecordedInputs;
    disk: {
        sizeBytes: number;
        mtimeMs: number;
        sha256: string;
    };
    /** OVMF_VARS.fd and tpm/ are present (UEFI, uefi-secure). */
    ovmfVars: boolean;
    tpm: boolean;
    createdAt: string;
    lastUsedAt: string;
}
export declare const BASE_FILES: {
    readonly disk: "disk.qcow2";
    readonly vars: "OVMF_VARS.fd";
    readonly tpm: "tpm";
    readonly record: "base.json";
};
/** The record, or a reason it cannot be trusted. */
export declare function readBaseRecord(baseDir: string, key: string): BaseRecord | string;
export declare function writeBaseRecord(baseDir: string, record: BaseRecord): void;
