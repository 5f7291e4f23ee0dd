import type { Firmware } from '../targets.js';
export interface RenderedFile {
    name: string;
    text: string;
}
export interface BaseKeyInputs {
    isoSha256: string;
    virtioSha256: string;
    opensshMsiSha256?: string;
    /** The answer file, first-logon scripts… exactly as they went onto the answer medium. */
    renderedFiles: readonly RenderedFile[];
    firmware: Firmware;
    diskSizeMiB: number;
    os: string;
    edition: string;
    toolVersion: string;
    /**
     * What the base boots on beside the disk: the QEMU version and the UEFI firmware's code (a base's variable
     * store and TPM state may not boot on another), so that a host upgrade is a miss, not a broken hit.
     */
    platform?: string;
}
export interface BaseKeySecrets {
    password: string;
    /** DIR/secret (secret.ts). */
    cacheSecret: Buffer;
    /** Every form of the password in rendered files: secretForms(password), longest first. */
    passwordForms: readonly string[];
}
/** What base.json says the base was made from: no password, no secret, no HMAC, no file text. */
export interface RecordedInputs extends Omit<BaseKeyInputs, 'renderedFiles'> {
    renderedFiles: {
        name: string;
        sha256: string;
    }[];
}
export interface BaseKey {
    key: string;
    recorded: RecordedInputs;
}
/** JSON with object keys sorted at every level: the same inputs always give the same text. Pure. */
export declare function canonicalJson(value: unknown): string;
/** The key and the recorded inputs. Pure. */
export declare function baseKey(inputs: BaseKeyInputs, secrets: BaseKeySecrets): BaseKey;
