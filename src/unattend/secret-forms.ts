/**
 * Every form in which a password can appear in what a build writes: as typed, XML-escaped (the answer file),
 * JSON-escaped (a JSON file), and as Windows answer files store it with `PlainText` false: base64 of the
 * UTF-16LE text of the password followed by the element's name. A failure bundle masks all of them.
 */
import { xmlEscape } from './answer-file.js';

export const SECRET_MASK = '********';

/** base64 of UTF-16LE `text`, as Windows encodes passwords and -EncodedCommand. Pure. */
function utf16Base64(text: string): string {
  return Buffer.from(text, 'utf16le').toString('base64');
}

/**
 * The forms of `secret` to mask, longest first (a longer form is masked before a shorter one inside it).
 * Empty and one-character secrets give none: masking those would garble everything (as log.redact). Pure.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < 2) return [];
  const forms = [
    secret,
    xmlEscape(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(xmlEscape(secret)).slice(1, -1),
    utf16Base64(secret),
    // <Password><Value> of LocalAccount and AutoLogon, and <AdministratorPassword>, with PlainText false.
    utf16Base64(`${secret}Password`),
    utf16Base64(`${secret}AdministratorPassword`),
    Buffer.from(secret, 'utf8').toString('base64'),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** `text` with every form replaced by SECRET_MASK, and how many were replaced. Pure. */
export function maskSecretForms(text: string, forms: readonly string[]): { text: string; masked: number } {
  let result = text;
  let masked = 0;
  for (const form of forms) {
    const parts = result.split(form);
    masked += parts.length - 1;
    result = parts.join(SECRET_MASK);
  }
  return { text: result, masked };
}
