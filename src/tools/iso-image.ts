/**
 * Recognises optical disc images by their volume descriptors, without mounting them: an ISO 9660 primary
 * volume descriptor ("CD001" at sector 16) or a UDF volume recognition sequence (BEA01 … NSR02/NSR03).
 * Microsoft's ISOs carry both (UDF plus a small ISO 9660 bridge); virtio-win's carry ISO 9660 + Joliet.
 */
import { open } from 'node:fs/promises';

const SECTOR = 2048;
const FIRST_DESCRIPTOR_SECTOR = 16;
/** How many descriptors to scan: the set is terminated long before this on any real disc. */
const MAX_DESCRIPTORS = 32;

export interface DiscImageInfo {
  iso9660: boolean;
  udf: boolean;
  /** The ISO 9660 volume identifier (trimmed), when there is one. */
  volumeId?: string;
}

export async function inspectDiscImage(file: string): Promise<DiscImageInfo> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SECTOR * MAX_DESCRIPTORS);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, SECTOR * FIRST_DESCRIPTOR_SECTOR);
    return parseVolumeDescriptors(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Pure: the descriptors starting at sector 16. */
export function parseVolumeDescriptors(descriptors: Buffer): DiscImageInfo {
  const info: DiscImageInfo = { iso9660: false, udf: false };
  for (let offset = 0; offset + SECTOR <= descriptors.length; offset += SECTOR) {
    const type = descriptors[offset];
    const id = descriptors.toString('latin1', offset + 1, offset + 6);
    if (id === 'CD001') {
      if (type === 1 && !info.iso9660) {
        info.iso9660 = true;
        const volumeId = descriptors.toString('latin1', offset + 40, offset + 72).trim();
        if (volumeId) info.volumeId = volumeId;
      }
      // Type 255 ends the ISO 9660 set; UDF's recognition sequence may follow, so keep reading.
    } else if (id === 'NSR02' || id === 'NSR03') {
      info.udf = true;
    } else if (id !== 'BEA01' && id !== 'TEA01' && id !== 'BOOT2' && id !== 'CDW02') {
      break;
    }
  }
  return info;
}
