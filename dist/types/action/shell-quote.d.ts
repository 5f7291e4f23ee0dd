/** Words for the POSIX shell lines the job summary prints, quoted only when they need it. Pure. */
/** `a b` → `'a b'`, `it's` → `'it'\''s'`; plain words (letters, digits, `@%+=:,./_-`) stay as they are. */
export declare function shellQuote(word: string): string;
/** A value inside a QEMU `-drive`/`-chardev` option list, where a comma is written twice. */
export declare function qemuOptionValue(value: string): string;
