/**
 * Windows PowerShell started with -EncodedCommand and no terminal (an SSH exec request) writes its error
 * stream as CLIXML: `#< CLIXML` and then `<Objs …><S S="Error">message_x000D__x000A_</S>…</Objs>`
 * (PowerShell/PowerShell#16678). This turns that back into the text a console would show; any other text
 * is returned unchanged.
 */

const CLIXML_HEADER = '#< CLIXML';

export function plainStderr(text: string): string {
  const start = text.indexOf(CLIXML_HEADER);
  if (start < 0) return text;
  const before = text.slice(0, start);
  const errors = [...text.slice(start).matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)].map((match) =>
    decodeText(match[1]!),
  );
  return before + errors.join('');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(encoded: string): string {
  return (
    encoded
      // Characters XML cannot carry are written as _xHHHH_ (a literal underscore as _x005F_).
      .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name]!)
      .replace(/&#(x[0-9A-Fa-f]+|\d+);/g, (_, code: string) =>
        String.fromCodePoint(code.startsWith('x') ? parseInt(code.slice(1), 16) : Number(code)),
      )
      // PowerShell 7 colours its errors.
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, '')
  );
}

/**
 * One line of a command's stderr as it streams: the `#< CLIXML` header is dropped, a line of CLIXML becomes
 * the error lines it carries (progress records are dropped), any other line stays as it is.
 */
export function plainStderrLines(line: string): string[] {
  if (line.trim() === CLIXML_HEADER) return [];
  if (!line.trimStart().startsWith('<Objs')) return [line];
  return plainStderr(`${CLIXML_HEADER}\n${line}`)
    .split(/\r?\n/)
    .filter((text) => text.trim() !== '');
}
