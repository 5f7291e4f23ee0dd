/** The qemu-img argv builders for the base cache: overlay, compaction and flattening with -m N -W. */
import { describe, expect, it } from '@jest/globals';
import {
  convertArgs,
  convertCoroutines,
  flattenArgs,
  MAX_CONVERT_COROUTINES,
  overlayArgs,
} from '../../src/tools/qemu-img.js';

describe('qemu-img argv', () => {
  it('makes an overlay backed by a qcow2 base', () => {
    expect(overlayArgs('/c/bases/k/disk.qcow2', '/w/overlay.qcow2')).toEqual([
      'create',
      '-f',
      'qcow2',
      '-F',
      'qcow2',
      '-b',
      '/c/bases/k/disk.qcow2',
      '/w/overlay.qcow2',
    ]);
  });

  it('adds -m N -W only when asked (the plain compaction stays as it was)', () => {
    expect(convertArgs({ source: 'a', target: 'b', compress: false })).toEqual([
      'convert',
      '-O',
      'qcow2',
      'a',
      'b',
    ]);
    expect(convertArgs({ source: 'a', target: 'b', compress: true, coroutines: 4 })).toEqual([
      'convert',
      '-O',
      'qcow2',
      '-c',
      '-o',
      'compression_type=zstd',
      '-m',
      '4',
      '-W',
      'a',
      'b',
    ]);
  });

  it('reads a disk a halted QEMU still holds with -U, only when told', () => {
    expect(convertArgs({ source: 'a', target: 'b', compress: false, sourceInUse: true })).toEqual([
      'convert',
      '-O',
      'qcow2',
      '-U',
      'a',
      'b',
    ]);
  });

  it('flattens an overlay into a compressed standalone image (no -B: the target gets no backing file)', () => {
    const args = flattenArgs('/w/overlay.qcow2', '/out/.image.partial', 8);
    expect(args).toEqual(
      convertArgs({
        source: '/w/overlay.qcow2',
        target: '/out/.image.partial',
        compress: true,
        coroutines: 8,
      }),
    );
    expect(args).not.toContain('-B');
  });

  it.each([
    [1, 1],
    [2, 2],
    [16, 16],
    [64, MAX_CONVERT_COROUTINES],
    [0, 1],
  ])('uses %i cores as %i coroutines (qemu-img allows 1 to 16)', (cores, expected) => {
    expect(convertCoroutines(cores)).toBe(expected);
  });
});
