/**
 * The key of a cached base: sha256 of a canonical JSON of everything that shapes the installed disk. The
 * password enters only as HMAC-SHA256(cache secret, password), and every form of it in the rendered files
 * (as given by unattend/secret-forms.ts's secretForms, passed in: the cache does not import unattend) is
 * replaced by that HMAC before hashing. What base.json records (recordedInputs) has hashes and names only.
 */
import { createHash, createHmac } from 'node:crypto';
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
  renderedFiles: { name: string; sha256: string }[];
}

export interface BaseKey {
  key: string;
  recorded: RecordedInputs;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level: the same inputs always give the same text. Pure. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `text` with every form replaced by `token`, longest form first. Pure. */
function replaceForms(text: string, forms: readonly string[], token: string): string {
  const longestFirst = [...forms].sort((a, b) => b.length - a.length);
  return longestFirst.reduce((result, form) => (form ? result.split(form).join(token) : result), text);
}

/** The key and the recorded inputs. Pure. */
export function baseKey(inputs: BaseKeyInputs, secrets: BaseKeySecrets): BaseKey {
  const passwordHmac = createHmac('sha256', secrets.cacheSecret).update(secrets.password).digest('hex');
  const token = `hmac-sha256:${passwordHmac}`;
  const renderedFiles = [...inputs.renderedFiles]
    .map((file) => ({
      name: file.name,
      sha256: sha256(replaceForms(file.text, secrets.passwordForms, token)),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const recorded: RecordedInputs = { ...inputs, renderedFiles };
  // The HMAC also enters directly: a password that appears in no rendered file still changes the key.
  const key = sha256(canonicalJson({ version: 1, inputs: recorded, passwordHmac }));
  return { key, recorded };
}
