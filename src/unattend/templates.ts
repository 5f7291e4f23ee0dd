/**
 * The templates/ folder that ships next to the code, read once per template, and the check that keeps
 * control characters out of rendered values.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from '../errors.js';

// XML 1.0 forbids most C0 controls even as character references, and none belongs in these values.
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function checkText(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && hasControlCharacter(value)) {
      throw new BuildError(
        'invalid-option',
        `The ${name} contains a control character, which cannot go into the answer file`,
      );
    }
  }
}

const TEMPLATE_FOLDER = 'templates';
/** A file that is always in templates/: how the folder is recognised. */
const MARKER_TEMPLATE = 'autounattend.xml.mustache';

let templatesDirCache: string | undefined;
const templateCache = new Map<string, string>();

/**
 * The repository's templates/ folder, found by walking up from this module: that is src/unattend/ under
 * jest and tsc, dist/ in the bundle. The path is built from variables so that ncc does not inline it.
 */
export function templatesDir(): string {
  if (templatesDirCache !== undefined) return templatesDirCache;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, TEMPLATE_FOLDER);
    if (existsSync(path.join(candidate, MARKER_TEMPLATE))) {
      templatesDirCache = candidate;
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new BuildError(
        'template-missing',
        `Cannot find ${TEMPLATE_FOLDER}/${MARKER_TEMPLATE} above ${path.dirname(fileURLToPath(import.meta.url))}`,
        {
          hint: 'The templates/ folder must ship next to dist/ (it is listed in package.json "files"); reinstall the package.',
        },
      );
    }
    dir = parent;
  }
}

export function readTemplate(name: string): string {
  let text = templateCache.get(name);
  if (text === undefined) {
    const file = path.join(templatesDir(), name);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new BuildError(
        'template-missing',
        `Cannot read the template ${file}: ${(error as Error).message}`,
        {
          hint: 'Reinstall bake-windows-image; the templates/ folder is incomplete.',
          cause: error,
        },
      );
    }
    templateCache.set(name, text);
  }
  return text;
}
