import type { QmpClient } from './qmp.js';
/** QEMU 7.1 added screendump's `format` argument (and PNG). */
export declare function screendumpTakesPng(version: QmpClient['qemuVersion']): boolean;
export declare function screendumpPng(qmp: QmpClient, scratchFile: string): Promise<Buffer>;
