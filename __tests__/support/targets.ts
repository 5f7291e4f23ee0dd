/** The supported Windows versions and firmware modes, and an image name of Microsoft's for each version. */
import type { Firmware, WindowsOs } from '../../src/bake/options.js';

export const OSES: readonly WindowsOs[] = ['w10', 'w11', '2k19', '2k22', '2k25'];
export const FIRMWARES: readonly Firmware[] = ['uefi', 'uefi-secure', 'bios'];
/** install.wim NAMEs as Microsoft's ISOs have them. */
export const EDITIONS: Readonly<Record<WindowsOs, string>> = {
  w10: 'Windows 10 Pro',
  w11: 'Windows 11 Pro',
  '2k19': 'Windows Server 2019 SERVERDATACENTER',
  '2k22': 'Windows Server 2022 SERVERDATACENTER',
  '2k25': 'Windows Server 2025 SERVERDATACENTER',
};
