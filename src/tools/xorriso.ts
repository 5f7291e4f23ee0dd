/** xorrisofs: the answer-file medium. */
import { PROGRAMS, requireProgram, run } from './exec.js';

export interface IsoSpec {
  /** Files on the ISO: path on the medium ("a.xml", "dir/b.msi") → file on the host. */
  files: { name: string; source: string }[];
  output: string;
  volumeId: string;
  signal?: AbortSignal;
}

/**
 * The argv for an answer medium. Windows Setup reads CD file names from Joliet or UDF only — a plain ISO 9660
 * name is AUTOUNAT.XML;1 and Rock Ridge is ignored — so `-J -joliet-long` is what makes Setup find
 * autounattend.xml (notes/windows-setup.md, "Finding the answer file"); `-r` keeps the names readable on Linux.
 */
export function isoArgs(spec: IsoSpec): string[] {
  const grafts = spec.files.map(({ name, source }) => `/${escapeGraft(name)}=${escapeGraft(source)}`);
  return [
    '-J',
    '-joliet-long',
    '-r',
    '-V',
    spec.volumeId,
    '-input-charset',
    'utf-8',
    '-quiet',
    '-o',
    spec.output,
    '-graft-points',
    ...grafts,
  ];
}

/** In graft points, "=" and "\" are special and escaped with a backslash. */
function escapeGraft(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=');
}

export async function makeIso(spec: IsoSpec): Promise<void> {
  await run(requireProgram(PROGRAMS.xorrisofs), isoArgs(spec), { signal: spec.signal });
}
