/** Words for the POSIX shell lines the job summary prints, quoted only when they need it. Pure. */

/** `a b` → `'a b'`, `it's` → `'it'\''s'`; plain words (letters, digits, `@%+=:,./_-`) stay as they are. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A value inside a QEMU `-drive`/`-chardev` option list, where a comma is written twice. */
export function qemuOptionValue(value: string): string {
  return value.replace(/,/g, ',,');
}
