/**
 * Which product key goes into the answer file. Consumer multi-edition media (Home/Pro/Education on one disc)
 * can stop at Setup's key page when there is no key (notes/answer-file.md), so client editions get their
 * edition's public generic key unless the caller gave one or said `none`. These keys only select the
 * edition; none of them activates Windows.
 *
 * Sources, checked key by key:
 * - Retail generic ("default") install keys, as Microsoft's own consumer media carry them in
 *   sources\product.ini: the list in AveYo/MediaCreationTool.bat ("generic key preset … see
 *   sources\product.ini"), https://github.com/AveYo/MediaCreationTool.bat/blob/main/MediaCreationTool.bat;
 *   the same keys in https://gist.github.com/NeoTech/4114ba0c9c620ec39b4e92e59b3f4fe3 ("RTM Generic Keys").
 * - KMS client setup keys (GVLKs), for the editions that only volume-licensed media carry:
 *   https://learn.microsoft.com/windows-server/get-started/kms-client-activation-keys
 *   (MicrosoftDocs/windowsserverdocs, WindowsServerDocs/get-started/kms-client-activation-keys.md).
 */

export type GenericKeyKind = 'retail generic key' | 'KMS client setup key (GVLK)';

export interface GenericKey {
  key: string;
  kind: GenericKeyKind;
}

const RETAIL: GenericKeyKind = 'retail generic key';
const GVLK: GenericKeyKind = 'KMS client setup key (GVLK)';

/** By install.wim's WINDOWS/EDITIONID. Windows 10 and 11 share these keys. */
export const GENERIC_KEYS: Readonly<Record<string, GenericKey>> = {
  Core: { key: 'YTMG3-N6DKC-DKB77-7M9GH-8HVX7', kind: RETAIL },
  CoreN: { key: '4CPRK-NM3K3-X6XXQ-RXX86-WXCHW', kind: RETAIL },
  CoreSingleLanguage: { key: 'BT79Q-G7N6G-PGBYW-4YWX6-6F4BT', kind: RETAIL },
  CoreCountrySpecific: { key: 'N2434-X9D7W-8PF6X-8DV9T-8TYMD', kind: RETAIL },
  Professional: { key: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T', kind: RETAIL },
  ProfessionalN: { key: '2B87N-8KFHP-DKV6R-Y2C8J-PKCKT', kind: RETAIL },
  ProfessionalEducation: { key: '8PTT6-RNW4C-6V7J2-C2D3X-MHBPB', kind: RETAIL },
  ProfessionalEducationN: { key: 'GJTYN-HDMQY-FRR76-HVGC7-QPF8P', kind: RETAIL },
  ProfessionalWorkstation: { key: 'DXG7C-N36C4-C4HTG-X4T3X-2YV77', kind: RETAIL },
  ProfessionalWorkstationN: { key: 'WYPNQ-8C467-V2W6J-TX4WX-WT2RQ', kind: RETAIL },
  Education: { key: 'YNMGQ-8RYV3-4PGQ3-C8XTP-7CFBY', kind: RETAIL },
  EducationN: { key: '84NGF-MHBT6-FXBX8-QWJK7-DRR8H', kind: RETAIL },
  // Volume-licensed media carry these keys themselves: passing them again changes nothing there.
  Enterprise: { key: 'NPPR9-FWDCX-D2C8J-H872K-2YT43', kind: GVLK },
  EnterpriseN: { key: 'DPH2V-TTNVB-4X9Q3-TJR4H-KHJW4', kind: GVLK },
  EnterpriseG: { key: 'YYVX9-NTFWV-6MDM3-9PT4T-4M68B', kind: GVLK },
  EnterpriseGN: { key: '44RPN-FTY23-9VTTB-MP9BX-T84FV', kind: GVLK },
};

/** The product-key value that turns the automatic generic key off. */
export const NO_PRODUCT_KEY = 'none';

export type KeyChoice =
  | { source: 'given'; key: string }
  | { source: 'generic'; key: string; editionId: string; kind: GenericKeyKind }
  | { source: 'none'; reason: string };

/** What install.wim says about the chosen image. */
export interface ImageEdition {
  editionId?: string;
  installationType?: string;
}

/**
 * The key for the answer file. A given key wins; `none` means no key; otherwise a client image whose
 * EDITIONID has a generic key gets it. Servers, evaluation and LTSC images (EDITIONIDs not in the table,
 * e.g. ServerDatacenterEval, EnterpriseEval, EnterpriseS) and images without an EDITIONID get none. Pure.
 */
export function chooseProductKey(given: string | undefined, image: ImageEdition): KeyChoice {
  const text = given?.trim() ?? '';
  if (text.toLowerCase() === NO_PRODUCT_KEY)
    return { source: 'none', reason: `product key "${NO_PRODUCT_KEY}"` };
  if (text !== '') return { source: 'given', key: text.toUpperCase() };
  const type = image.installationType?.trim() ?? '';
  if (type !== '' && type.toLowerCase() !== 'client') {
    return { source: 'none', reason: `installation type ${type}: no generic key is used` };
  }
  const editionId = image.editionId?.trim() ?? '';
  if (editionId === '') return { source: 'none', reason: 'the image has no EDITIONID' };
  const found = Object.entries(GENERIC_KEYS).find(([id]) => id.toLowerCase() === editionId.toLowerCase());
  if (!found) return { source: 'none', reason: `no generic key is known for edition ${editionId}` };
  const [id, { key, kind }] = found;
  return { source: 'generic', key, editionId: id, kind };
}

/** For the log: which key source was used (the keys are public, but the line says where it came from). */
export function describeKeyChoice(choice: KeyChoice): string {
  switch (choice.source) {
    case 'given':
      return 'Product key: the one given';
    case 'generic':
      return `Product key: generic key for ${choice.editionId} (${choice.kind}: selects the edition, does not activate)`;
    case 'none':
      return `Product key: none (${choice.reason}); Setup picks the image by name`;
  }
}
