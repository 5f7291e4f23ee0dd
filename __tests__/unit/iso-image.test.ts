import { describe, expect, it } from '@jest/globals';
import { parseVolumeDescriptors } from '../../src/tools/iso-image.js';

function descriptor(type: number, id: string, volumeId = ''): Buffer {
  const sector = Buffer.alloc(2048);
  sector[0] = type;
  sector.write(id, 1, 'latin1');
  sector[6] = 1;
  sector.write(volumeId.padEnd(32, ' '), 40, 'latin1');
  return sector;
}

describe('parseVolumeDescriptors', () => {
  it('finds an ISO 9660 primary descriptor and its volume id', () => {
    const info = parseVolumeDescriptors(
      Buffer.concat([descriptor(1, 'CD001', 'virtio-win-0.1.262'), descriptor(255, 'CD001')]),
    );
    expect(info).toEqual({ iso9660: true, udf: false, volumeId: 'virtio-win-0.1.262' });
  });

  it('finds UDF after the ISO 9660 bridge (how Microsoft masters its ISOs)', () => {
    const info = parseVolumeDescriptors(
      Buffer.concat([
        descriptor(1, 'CD001', 'CCCOMA_X64FRE_EN-US_DV9'),
        descriptor(255, 'CD001'),
        descriptor(0, 'BEA01'),
        descriptor(0, 'NSR02'),
        descriptor(0, 'TEA01'),
      ]),
    );
    expect(info.iso9660).toBe(true);
    expect(info.udf).toBe(true);
  });

  it('finds UDF without ISO 9660', () => {
    const info = parseVolumeDescriptors(Buffer.concat([descriptor(0, 'BEA01'), descriptor(0, 'NSR03')]));
    expect(info).toEqual({ iso9660: false, udf: true });
  });

  it('recognises neither in other data', () => {
    expect(parseVolumeDescriptors(Buffer.alloc(4096, 0x41))).toEqual({ iso9660: false, udf: false });
    expect(parseVolumeDescriptors(Buffer.alloc(0))).toEqual({ iso9660: false, udf: false });
  });
});
