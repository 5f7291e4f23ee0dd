import type { Firmware } from '../options.js';
import type { Step } from '../context.js';
export interface FirmwareStatePaths {
    /** Copy of the VM's OVMF variable store (use it as the second pflash, read-write). */
    vars: string;
    /** swtpm's state directory (uefi-secure only): `swtpm socket --tpmstate dir=…`. */
    tpm?: string;
}
/** `dir/windows.qcow2` → `dir/windows.efivars.fd` and `dir/windows.tpm`. Pure. */
export declare function firmwareStatePaths(output: string, firmware: Firmware): FirmwareStatePaths;
/** Preflight: refuses to overwrite an existing vars file or a non-empty TPM state directory. */
export declare function checkFirmwareStateTargets(output: string, firmware: Firmware): void;
export declare const saveFirmwareState: Step;
