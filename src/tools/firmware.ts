/**
 * Finds the OVMF firmware for a firmware mode. QEMU's firmware descriptors (docs/interop/firmware.json,
 * installed under /usr/share/qemu/firmware by Debian, Ubuntu, Fedora and Arch) say which file is which, so
 * no distribution's file names are hard-coded; a short list of well-known paths covers hosts without them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';

export interface UefiFirmware {
  /** Read-only code flash. */
  code: string;
  /** Template for the per-build variable store (copied, never used in place). */
  varsTemplate: string;
  secureBoot: boolean;
  /** The code requires SMM (Secure Boot builds): -machine smm=on and a secure pflash. */
  requiresSmm: boolean;
}

interface FirmwareDescriptor {
  'interface-types'?: string[];
  mapping?: {
    device?: string;
    executable?: { filename?: string; format?: string };
    'nvram-template'?: { filename?: string; format?: string };
  };
  targets?: { architecture?: string; machines?: string[] }[];
  features?: string[];
}

/** Lower directories win on the same file name, as QEMU's spec says (user, then /etc, then /usr/share). */
export const DESCRIPTOR_DIRS = [
  path.join(
    process.env.XDG_CONFIG_HOME ?? path.join(process.env.HOME ?? '/root', '.config'),
    'qemu/firmware',
  ),
  '/etc/qemu/firmware',
  '/usr/share/qemu/firmware',
];

const KNOWN_PATHS: Record<'uefi' | 'uefi-secure', { code: string; vars: string }[]> = {
  uefi: [
    { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd' },
    { code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd' },
    { code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.fd' },
    { code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', vars: '/usr/share/edk2/x64/OVMF_VARS.4m.fd' },
  ],
  'uefi-secure': [
    { code: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.ms.fd' },
    { code: '/usr/share/OVMF/OVMF_CODE.secboot.fd', vars: '/usr/share/OVMF/OVMF_VARS.ms.fd' },
    { code: '/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd' },
    // Not Arch's OVMF_VARS.4m.fd: it has no keys enrolled, so Secure Boot would stay in setup mode (off).
  ],
};

function readDescriptors(dirs: readonly string[]): { file: string; descriptor: FirmwareDescriptor }[] {
  const byName = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('.json') && !byName.has(name)) byName.set(name, path.join(dir, name));
    }
  }
  const result: { file: string; descriptor: FirmwareDescriptor }[] = [];
  for (const name of [...byName.keys()].sort()) {
    const file = byName.get(name)!;
    try {
      result.push({ file, descriptor: JSON.parse(readFileSync(file, 'utf8')) as FirmwareDescriptor });
    } catch {
      // An unreadable or malformed descriptor is skipped, as QEMU's own tools do.
    }
  }
  return result;
}

/** Pure: whether a descriptor is a flash-based x86_64 q35 UEFI build fit for the mode. */
export function descriptorFits(descriptor: FirmwareDescriptor, mode: 'uefi' | 'uefi-secure'): boolean {
  const features = descriptor.features ?? [];
  const mapping = descriptor.mapping;
  if (!descriptor['interface-types']?.includes('uefi')) return false;
  if (mapping?.device !== 'flash' || !mapping.executable?.filename || !mapping['nvram-template']?.filename) {
    return false;
  }
  if (mapping.executable.format && mapping.executable.format !== 'raw') return false;
  const q35 = descriptor.targets?.some(
    (t) => t.architecture === 'x86_64' && (t.machines ?? []).some((m) => m.startsWith('pc-q35')),
  );
  if (!q35) return false;
  // Confidential-computing builds (SEV-ES/TDX only) do not boot an ordinary guest.
  if (features.includes('amd-sev-es') && !features.includes('acpi-s3')) return false;
  if (mode === 'uefi-secure') return features.includes('secure-boot') && features.includes('enrolled-keys');
  return !features.includes('enrolled-keys');
}

export function findUefiFirmware(
  mode: 'uefi' | 'uefi-secure',
  dirs: readonly string[] = DESCRIPTOR_DIRS,
): UefiFirmware {
  const fitting = readDescriptors(dirs)
    .map(({ descriptor }) => descriptor)
    .filter((descriptor) => descriptorFits(descriptor, mode));
  // For plain uefi, a build without Secure Boot (no SMM needed) is the simplest that works: try those first.
  const secureLast = (d: FirmwareDescriptor): number => (d.features?.includes('secure-boot') ? 1 : 0);
  if (mode === 'uefi') fitting.sort((a, b) => secureLast(a) - secureLast(b));
  for (const descriptor of fitting) {
    const code = descriptor.mapping!.executable!.filename!;
    const vars = descriptor.mapping!['nvram-template']!.filename!;
    if (!existsSync(code) || !existsSync(vars)) continue;
    const features = descriptor.features ?? [];
    return {
      code,
      varsTemplate: vars,
      secureBoot: features.includes('secure-boot'),
      requiresSmm: features.includes('requires-smm'),
    };
  }
  for (const known of KNOWN_PATHS[mode]) {
    if (existsSync(known.code) && existsSync(known.vars)) {
      const secure = mode === 'uefi-secure';
      return { code: known.code, varsTemplate: known.vars, secureBoot: secure, requiresSmm: secure };
    }
  }
  throw new BuildError(
    'firmware-missing',
    `No OVMF firmware for --firmware ${mode} was found (looked at QEMU's firmware descriptors in ${dirs.join(', ')} and the usual OVMF paths)`,
    {
      hint: 'Install it: sudo apt-get install -y ovmf  (Fedora/RHEL: sudo dnf install -y edk2-ovmf), or use --firmware bios.',
    },
  );
}
