/**
 * A small XML parser for documents of a known, simple shape (a WIM's image list): elements, attributes, text,
 * character and the five predefined entity references, comments, CDATA and the XML declaration. No DTDs
 * (so no entity expansion), no namespaces. The action is bundled, so this stays free of dependencies.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded, untrimmed. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, at: number) {
    super(`${message} at character ${at}`);
    this.name = 'XmlSyntaxError';
  }
}

const MAX_DEPTH = 64;
const NAME = /[^\s/>=<"'!?]+/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Pure: the root element of a document; throws XmlSyntaxError on anything malformed. */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const expect = (token: string, what: string): number => {
    const end = text.indexOf(token, at);
    if (end < 0) throw new XmlSyntaxError(`unterminated ${what}`, at);
    return end;
  };

  while (at < text.length) {
    const open = text.indexOf('<', at);
    const chunk = text.slice(at, open < 0 ? text.length : open);
    if (chunk) {
      const current = stack[stack.length - 1];
      if (current) current.text += decodeEntities(chunk, at);
      else if (chunk.trim()) throw new XmlSyntaxError('text outside the root element', at);
    }
    if (open < 0) break;
    at = open;
    if (text.startsWith('<?', at)) {
      at = expect('?>', 'processing instruction') + 2;
    } else if (text.startsWith('<!--', at)) {
      at = expect('-->', 'comment') + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = expect(']]>', 'CDATA section');
      const current = stack[stack.length - 1];
      if (!current) throw new XmlSyntaxError('CDATA outside the root element', at);
      current.text += text.slice(at + 9, end);
      at = end + 3;
    } else if (text.startsWith('<!', at)) {
      throw new XmlSyntaxError('document type declarations are not supported', at);
    } else if (text.startsWith('</', at)) {
      at += 2;
      const name = readName();
      skipSpace();
      if (text[at] !== '>') throw new XmlSyntaxError(`malformed end tag </${name}`, at);
      at++;
      const current = stack.pop();
      if (!current || current.name !== name) {
        throw new XmlSyntaxError(`</${name}> does not close <${current?.name ?? '(nothing)'}>`, at);
      }
    } else {
      at++;
      const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
      for (;;) {
        const before = at;
        skipSpace();
        if (text.startsWith('/>', at) || text[at] === '>') break;
        if (at === before) throw new XmlSyntaxError(`malformed tag <${element.name}`, at);
        const name = readName();
        skipSpace();
        if (text[at] !== '=') throw new XmlSyntaxError(`attribute ${name} has no value`, at);
        at++;
        skipSpace();
        const quote = text[at];
        if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`attribute ${name} is not quoted`, at);
        const end = text.indexOf(quote, at + 1);
        if (end < 0) throw new XmlSyntaxError(`unterminated attribute ${name}`, at);
        element.attributes[name] = decodeEntities(text.slice(at + 1, end), at + 1);
        at = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new XmlSyntaxError('a second root element', at);
      else root = element;
      if (text[at] === '/') {
        at += 2;
      } else {
        at++;
        if (stack.length >= MAX_DEPTH) throw new XmlSyntaxError('elements nested too deeply', at);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`<${stack[stack.length - 1]!.name}> is not closed`, at);
  if (!root) throw new XmlSyntaxError('no root element', at);
  return root;

  function readName(): string {
    NAME.lastIndex = at;
    const match = NAME.exec(text);
    if (!match) throw new XmlSyntaxError('a name was expected', at);
    at += match[0].length;
    return match[0];
  }

  function skipSpace(): void {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  }
}

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('an unterminated entity reference', at);
    const numeric = /^#(?:x([0-9a-f]+)|([0-9]+))$/i.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2]!, 10);
      if (code > 0x10ffff || code === 0)
        throw new XmlSyntaxError(`invalid character reference &${name};`, at);
      return String.fromCodePoint(code);
    }
    const entity = ENTITIES[name];
    if (entity === undefined) throw new XmlSyntaxError(`unknown entity &${name};`, at);
    return entity;
  });
}

/** The first child element at a "/"-separated path of names (matched case-insensitively), if any. */
export function findElement(element: XmlElement, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path.split('/')) {
    const wanted = name.toUpperCase();
    current = current?.children.find((child) => child.name.toUpperCase() === wanted);
  }
  return current;
}

/** The trimmed text at a path; undefined when the element is missing or empty. */
export function elementText(element: XmlElement, path: string): string | undefined {
  const text = findElement(element, path)?.text.trim();
  return text ? text : undefined;
}

/** The child elements of a name (case-insensitive). */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  const wanted = name.toUpperCase();
  return element.children.filter((child) => child.name.toUpperCase() === wanted);
}
