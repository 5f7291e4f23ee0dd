/**
 * Imported first by the bundled entry points: ssh2 (CommonJS) reads a free `__dirname` while loading, which
 * an ESM bundle does not define (notes/toolkit.md, "Bundling with @vercel/ncc").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const globals = globalThis as { __dirname?: string };
globals.__dirname ??= path.dirname(fileURLToPath(import.meta.url));
