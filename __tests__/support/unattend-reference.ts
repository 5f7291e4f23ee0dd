/**
 * Which answer-file components and settings Windows Setup accepts in which configuration pass, with the
 * value rules and "required together" rules the reference states. Test data for
 * __tests__/unit/answer-file-reference.test.ts, which checks every rendered autounattend.xml against it.
 *
 * Where it comes from
 * - Microsoft's "Unattended Windows Setup Reference",
 *   https://learn.microsoft.com/en-us/windows-hardware/customize/desktop/unattend/ . Every setting has its
 *   own page there, named after its path: Microsoft-Windows-Shell-Setup/OOBE/ProtectYourPC is the page
 *   `microsoft-windows-shell-setup-oobe-protectyourpc`. `passes` is that page's "Valid Configuration
 *   Passes" list, copied as it is; `value` and `rules` restate its "Values" section and notes; `source` is
 *   the page. The pages were read from the Markdown source of that site (MicrosoftDocs
 *   commercialization-public, customize/desktop/unattend/*.md, as in the public fork
 *   sfigg/commercialization-public at 34b0f79, December 2018), and the pass lists of RunSynchronous,
 *   RunSynchronousCommand/Order, TimeZone and HideOEMRegistrationScreen were compared with the live pages
 *   (same lists).
 * - A component page lists no passes. A component's `passes` is the union of the passes of all its setting
 *   pages (not only the settings used here), minus the documentation errors named in its `note`.
 * - The component attributes and the wcm list-item rules: "Component Settings and Properties Reference"
 *   (WSIM) and the complete answer files in Microsoft's "Add device drivers to Windows during Windows Setup";
 *   rgl/windows-vagrant and dockur/windows write the same attributes.
 * - Every setting row below has its own Microsoft page; none had to fall back to another source. Rules that
 *   are this project's choice rather than Microsoft's say so in their `why`.
 *
 * How to extend it (the test fails for any element of the template that has no row here)
 * 1. Find the setting's page: the path in lower case, '/' replaced by '-', under the address above (for
 *    example Microsoft-Windows-Security-SPP-UX/SkipAutoActivation is
 *    `microsoft-windows-security-spp-ux-skipautoactivation`). Microsoft's search also finds it by name.
 * 2. Add one row per element on the path that is not here yet, parents included (containers have pages
 *    too): `passes` from "Valid Configuration Passes", `value` from "Values" (`container` for an element
 *    with child elements), `listItem` when the page calls it a list item or its examples carry
 *    wcm:action="add", `rules` for what the page says must (or must not) be set together.
 * 3. A new component needs a COMPONENTS row as well: the union of the passes of its setting pages.
 * 4. If there is no Microsoft page, use the best other source (a WSIM-generated answer file, or
 *    rgl/windows-vagrant or dockur/windows doing the same), put that in `source` and say so in `note`.
 */

export type Pass =
  'windowsPE' | 'offlineServicing' | 'generalize' | 'specialize' | 'auditSystem' | 'auditUser' | 'oobeSystem';

/** All seven passes, in the order Setup runs them ("How Configuration Passes Work"). */
export const PASSES: readonly Pass[] = [
  'windowsPE',
  'offlineServicing',
  'generalize',
  'specialize',
  'auditSystem',
  'auditUser',
  'oobeSystem',
];

export const REFERENCE_BASE =
  'https://learn.microsoft.com/en-us/windows-hardware/customize/desktop/unattend/';
/** The address of the reference page with this name. */
export function referencePage(slug: string): string {
  return REFERENCE_BASE + slug;
}
const ms = referencePage;

export const COMPONENT_PROPERTIES_PAGE =
  'https://learn.microsoft.com/en-us/windows-hardware/customize/desktop/wsim/component-settings-and-properties-reference';
export const DRIVERS_DURING_SETUP_PAGE =
  'https://learn.microsoft.com/en-us/windows-hardware/manufacture/desktop/add-device-drivers-to-windows-during-windows-setup';

/** The root element's namespace. */
export const UNATTEND_NAMESPACE = 'urn:schemas-microsoft-com:unattend';
/** The namespace of wcm:action and wcm:keyValue; it must be declared on the root or on the component. */
export const WCM_NAMESPACE = 'http://schemas.microsoft.com/WMIConfig/2002/State';
/** The only wcm attributes an answer file uses, and the one action a new answer file needs. */
export const WCM_ATTRIBUTES = ['action', 'keyValue'] as const;
export const WCM_ADD = 'add';

/**
 * The identity every <component> carries besides its name (WSIM's "Component IDs": architecture, public key
 * token of Microsoft's key, language, version scope). 64-bit Windows only, so amd64 everywhere; a component
 * written for another architecture (x86, wow64) is silently not applied.
 */
export const COMPONENT_ATTRIBUTES = {
  processorArchitecture: 'amd64',
  publicKeyToken: '31bf3856ad364e35',
  language: 'neutral',
  versionScope: 'nonSxS',
} as const;

// ---- value rules ------------------------------------------------------------------------------------------

export type ValueRule =
  /** Has child elements and no text of its own. */
  | { kind: 'container' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'integer'; min: number; max?: number }
  | {
      kind: 'text';
      /** Empty is invalid ("This string type does not support empty elements"). */
      nonEmpty?: boolean;
      maxLength?: number;
      /** Length in UTF-8 bytes (ComputerName's limit is in bytes). */
      maxBytes?: number;
      /** None of these characters may occur. */
      forbiddenChars?: string;
      /** Must match. */
      pattern?: RegExp;
      /** Must not match. */
      notPattern?: RegExp;
      /** Not allowed, compared case-insensitively. */
      reserved?: readonly string[];
      /** Allowed as they are, even where the other rules would refuse them. */
      special?: readonly string[];
    };

const CONTAINER: ValueRule = { kind: 'container' };
const BOOLEAN: ValueRule = { kind: 'boolean' };
/** Windows Setup's three UI modes (DiskConfiguration, OSImage, ProductKey and DynamicUpdate WillShowUI). */
export const WILL_SHOW_UI_VALUES = ['OnError', 'Never', 'Always'] as const;
const WILL_SHOW_UI: ValueRule = { kind: 'enum', values: WILL_SHOW_UI_VALUES };
/** "based on the language-tagging conventions of RFC 3066 … language-region" (en-US, sr-Latn-RS). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})+$/;
const LANGUAGE: ValueRule = { kind: 'text', nonEmpty: true, pattern: LANGUAGE_TAG };
const INPUT_LOCALE_ITEM = String.raw`(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})+|[0-9A-Fa-f]{4}:(?:[0-9A-Fa-f]{8}|\{[^{}]+\}\{[^{}]+\}))`;
/** InputLocale: language tags or "LCID:keyboard layout" (0409:00000409), several separated by ';'. */
export const INPUT_LOCALE = new RegExp(
  String.raw`^\s*${INPUT_LOCALE_ITEM}(?:\s*;\s*${INPUT_LOCALE_ITEM})*\s*$`,
);
const INPUT_LOCALE_RULE: ValueRule = { kind: 'text', nonEmpty: true, pattern: INPUT_LOCALE };
/**
 * A Windows time zone id, as `tzutil /l` lists them: "UTC", "UTC-11", "UTC+12", "Russia Time Zone 3", or
 * "<name> Standard Time" with an optional "(Mexico)"-style suffix ("W. Europe Standard Time", "Pacific
 * Standard Time (Mexico)"), optionally with the documented "_dstoff" suffix. This checks the form only: an
 * IANA name such as "Europe/Berlin" fails, a misspelt Windows id does not.
 */
export const WINDOWS_TIME_ZONE_ID =
  /^(?:UTC|UTC[+-]\d{2}|Russia Time Zone \d{1,2}|[A-Z][A-Za-z0-9 .'-]* Standard Time(?: \([A-Za-z ]+\))?)(?:_dstoff)?$/;
/** ComputerName may not contain these (the reference's list, plus space). */
export const COMPUTER_NAME_FORBIDDEN = ` {|}~[\\]^':;<=>?@!"#$%\`()+/.,*&`;
/** Account names (AutoLogon/Username, LocalAccount/Name) may not contain these. */
export const ACCOUNT_NAME_FORBIDDEN = `"/[]:|<>+=;,?*%@`;
const ACCOUNT_NAME: ValueRule = {
  kind: 'text',
  nonEmpty: true,
  maxLength: 256,
  forbiddenChars: ACCOUNT_NAME_FORBIDDEN,
  reserved: ['NONE'],
};
const ORDER_1_TO_500: ValueRule = { kind: 'integer', min: 1, max: 500 };
const ANY_TEXT: ValueRule = { kind: 'text' };

// ---- list items and rules ---------------------------------------------------------------------------------

export interface ListItemRule {
  /** The item's key is written as wcm:keyValue (PathAndCredentials: its Key setting); unique among siblings. */
  keyValue: boolean;
  /** The item has an Order child; the siblings' Orders must be 1..n, without gaps, ascending. */
  order?: boolean;
}

/** A child element's name ("Size": present) or name and text ("Extend=true"). */
export type Condition = string;

export type Rule =
  /** Each of these children must be present. */
  | { kind: 'required'; children: readonly string[]; why: string }
  /** Exactly one of these must hold. */
  | { kind: 'exactlyOne'; of: readonly Condition[]; why: string }
  /** When the first holds, the second must hold too. */
  | { kind: 'ifThen'; if: Condition; then: Condition; why: string };

export interface ComponentReference {
  name: string;
  passes: readonly Pass[];
  source: string;
  /** Only in answer files for this kind of Windows. */
  editions?: 'server' | 'client';
  note?: string;
}

export interface SettingReference {
  /** Component name, then the element names down to this one, joined by '/'. */
  path: string;
  passes: readonly Pass[];
  source: string;
  value: ValueRule;
  listItem?: ListItemRule;
  rules?: readonly Rule[];
  note?: string;
}

/** Settings every answer file of this project must contain (it always installs to a blank disk, unattended). */
export interface RequiredSetting {
  path: string;
  pass: Pass;
  /** The text it must have, if any. */
  value?: string;
  source: string;
  why: string;
}

// ---- the table --------------------------------------------------------------------------------------------

export const COMPONENTS: readonly ComponentReference[] = [
  {
    name: 'Microsoft-Windows-International-Core-WinPE',
    passes: ['windowsPE'],
    source: ms('microsoft-windows-international-core-winpe'),
  },
  {
    name: 'Microsoft-Windows-PnpCustomizationsWinPE',
    passes: ['windowsPE'],
    source: ms('microsoft-windows-pnpcustomizationswinpe'),
    note: 'The page of PathAndCredentials/Key (the wcm:keyValue) lists auditSystem and offlineServicing, the passes of Microsoft-Windows-PnpCustomizationsNonWinPE, from which it was copied (its own "Related topics" still links there). Every other page of this component says windowsPE only, and so does the component\'s description.',
  },
  {
    name: 'Microsoft-Windows-Setup',
    passes: ['windowsPE'],
    source: ms('microsoft-windows-setup'),
  },
  {
    name: 'Microsoft-Windows-Shell-Setup',
    passes: ['offlineServicing', 'generalize', 'specialize', 'auditSystem', 'auditUser', 'oobeSystem'],
    source: ms('microsoft-windows-shell-setup'),
    note: 'windowsPE appears only on the SignInMode and ConvertibleSlateModePromptPreference pages, which list nearly every pass; Shell-Setup is not a Windows PE component (Microsoft-Windows-Setup and the *-WinPE components are), so windowsPE is left out.',
  },
  {
    name: 'Microsoft-Windows-International-Core',
    passes: ['specialize', 'oobeSystem'],
    source: ms('microsoft-windows-international-core'),
  },
  {
    name: 'Microsoft-Windows-Deployment',
    passes: ['generalize', 'specialize', 'auditSystem', 'auditUser', 'oobeSystem'],
    source: ms('microsoft-windows-deployment'),
  },
  {
    name: 'Microsoft-Windows-ServerManager-SvrMgrNc',
    passes: ['generalize', 'specialize'],
    source: ms('microsoft-windows-servermanager-svrmgrnc'),
    editions: 'server',
    note: 'Server Manager exists on Windows Server only; rgl/windows-vagrant and dockur/windows use this component in their Server answer files only.',
  },
  {
    name: 'Microsoft-Windows-Security-SPP-UX',
    passes: ['specialize', 'auditSystem', 'oobeSystem'],
    source: ms('microsoft-windows-security-spp-ux'),
  },
  {
    name: 'Microsoft-Windows-UnattendedJoin',
    passes: ['offlineServicing', 'specialize'],
    source: ms('microsoft-windows-unattendedjoin'),
  },
  {
    name: 'Microsoft-Windows-SecureStartup-FilterDriver',
    passes: ['offlineServicing', 'specialize', 'auditSystem', 'oobeSystem'],
    source: ms('microsoft-windows-securestartup-filterdriver'),
  },
  {
    name: 'Microsoft-Windows-LUA-Settings',
    passes: ['offlineServicing'],
    source: ms('microsoft-windows-lua-settings'),
  },
];

const WINPE: readonly Pass[] = ['windowsPE'];
const OOBE: readonly Pass[] = ['oobeSystem'];
const ACCOUNTS: readonly Pass[] = ['auditSystem', 'oobeSystem'];
const AUTOLOGON: readonly Pass[] = ['auditSystem', 'oobeSystem', 'specialize'];
const DEPLOYMENT_COMMANDS: readonly Pass[] = ['auditUser', 'specialize'];
const INTERNATIONAL: readonly Pass[] = ['oobeSystem', 'specialize'];

const PASSWORD_RULES: readonly Rule[] = [
  { kind: 'required', children: ['Value'], why: 'A Password element without a Value sets nothing.' },
];

export const SETTINGS: readonly SettingReference[] = [
  // ---- Microsoft-Windows-International-Core-WinPE ----------------------------------------------------------
  {
    path: 'Microsoft-Windows-International-Core-WinPE/SetupUILanguage',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-setupuilanguage'),
    value: CONTAINER,
    rules: [
      { kind: 'required', children: ['UILanguage'], why: 'Its only other child, WillShowUI, is deprecated.' },
    ],
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/SetupUILanguage/UILanguage',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-setupuilanguage-uilanguage'),
    value: LANGUAGE,
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/InputLocale',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-inputlocale'),
    value: INPUT_LOCALE_RULE,
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/SystemLocale',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-systemlocale'),
    value: LANGUAGE,
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/UILanguage',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-uilanguage'),
    value: LANGUAGE,
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/UILanguageFallback',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-uilanguagefallback'),
    value: LANGUAGE,
    note: 'Not used by the template (rgl/windows-vagrant sets it).',
  },
  {
    path: 'Microsoft-Windows-International-Core-WinPE/UserLocale',
    passes: WINPE,
    source: ms('microsoft-windows-international-core-winpe-userlocale'),
    value: LANGUAGE,
  },

  // ---- Microsoft-Windows-PnpCustomizationsWinPE ------------------------------------------------------------
  {
    path: 'Microsoft-Windows-PnpCustomizationsWinPE/DriverPaths',
    passes: WINPE,
    source: ms('microsoft-windows-pnpcustomizationswinpe-driverpaths'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-PnpCustomizationsWinPE/DriverPaths/PathAndCredentials',
    passes: WINPE,
    source: ms('microsoft-windows-pnpcustomizationswinpe-driverpaths-pathandcredentials'),
    value: CONTAINER,
    listItem: { keyValue: true },
    rules: [{ kind: 'required', children: ['Path'], why: 'The path is what the item is for.' }],
    note: "Its Key setting is the wcm:keyValue attribute, not an element (page microsoft-windows-pnpcustomizationswinpe-driverpaths-pathandcredentials-key; that page's pass list is the NonWinPE one, see COMPONENTS).",
  },
  {
    path: 'Microsoft-Windows-PnpCustomizationsWinPE/DriverPaths/PathAndCredentials/Path',
    passes: WINPE,
    source: ms('microsoft-windows-pnpcustomizationswinpe-driverpaths-pathandcredentials-path'),
    value: { kind: 'text', nonEmpty: true, maxLength: 259 },
  },

  // ---- Microsoft-Windows-Setup -----------------------------------------------------------------------------
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration'),
    value: CONTAINER,
    rules: [
      {
        kind: 'ifThen',
        if: 'WillShowUI=Never',
        then: 'Disk',
        why: 'Without a Disk element and with WillShowUI Never, Setup logs an error and the installation terminates.',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk'),
    value: CONTAINER,
    listItem: { keyValue: false },
    rules: [
      { kind: 'required', children: ['DiskID'], why: 'Each Disk applies to the disk its DiskID names.' },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/DiskID',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-diskid'),
    value: { kind: 'integer', min: 0 },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/WillWipeDisk',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-willwipedisk'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions/CreatePartition',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions-createpartition'),
    value: CONTAINER,
    listItem: { keyValue: false, order: true },
    rules: [
      {
        kind: 'required',
        children: ['Order', 'Type'],
        why: 'Order "is required even if you create only one partition"; Type says what to create.',
      },
      {
        kind: 'exactlyOne',
        of: ['Size', 'Extend=true'],
        why: 'A new partition needs either Size or Extend=true; with both, no partition is created and the installation terminates (pages CreatePartition/Extend and /Size).',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions/CreatePartition/Order',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions-createpartition-order'),
    value: { kind: 'integer', min: 1 },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions/CreatePartition/Type',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions-createpartition-type'),
    value: { kind: 'enum', values: ['Primary', 'EFI', 'Extended', 'Logical', 'MSR'] },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions/CreatePartition/Size',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions-createpartition-size'),
    value: { kind: 'integer', min: 1 },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions/CreatePartition/Extend',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions-createpartition-extend'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition'),
    value: CONTAINER,
    listItem: { keyValue: false, order: true },
    rules: [
      {
        kind: 'required',
        children: ['Order', 'PartitionID'],
        why: 'Order "is required even if you modify only one partition"; PartitionID names the partition.',
      },
      {
        kind: 'ifThen',
        if: 'Label',
        then: 'Format',
        why: 'To name a partition, you must also specify a Format (page ModifyPartition/Label).',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Order',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-order'),
    value: { kind: 'integer', min: 1 },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/PartitionID',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-partitionid'),
    value: { kind: 'integer', min: 1 },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Format',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-format'),
    value: { kind: 'enum', values: ['NTFS', 'FAT32'] },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Label',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-label'),
    value: { kind: 'text', nonEmpty: true },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Letter',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-letter'),
    value: { kind: 'text', nonEmpty: true, pattern: /^[C-Z]$/ },
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Active',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions-modifypartition-active'),
    value: BOOLEAN,
    note: 'BIOS/MBR only: ignored on UEFI, and only a primary partition can be active.',
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/WillShowUI',
    passes: WINPE,
    source: ms('microsoft-windows-setup-diskconfiguration-willshowui'),
    value: WILL_SHOW_UI,
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage'),
    value: CONTAINER,
    rules: [
      {
        kind: 'exactlyOne',
        of: ['InstallTo', 'InstallToAvailablePartition=true'],
        why: 'Unattended installations must specify InstallTo or InstallToAvailablePartition; with both, the installation fails (pages OSImage/InstallTo and /InstallToAvailablePartition).',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallFrom',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installfrom'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallFrom/MetaData',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installfrom-metadata'),
    value: CONTAINER,
    listItem: { keyValue: false },
    rules: [{ kind: 'required', children: ['Key', 'Value'], why: 'Key and Value are used together.' }],
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallFrom/MetaData/Key',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installfrom-metadata-key'),
    value: { kind: 'enum', values: ['/IMAGE/INDEX', '/IMAGE/NAME', '/IMAGE/DESCRIPTION'] },
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallFrom/MetaData/Value',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installfrom-metadata-value'),
    value: { kind: 'text', nonEmpty: true },
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallTo',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installto'),
    value: CONTAINER,
    rules: [
      {
        kind: 'required',
        children: ['DiskID', 'PartitionID'],
        why: 'You must specify valid values for the DiskID and PartitionID settings.',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallTo/DiskID',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installto-diskid'),
    value: { kind: 'integer', min: 0 },
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallTo/PartitionID',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installto-partitionid'),
    value: { kind: 'integer', min: 1 },
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/InstallToAvailablePartition',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-installtoavailablepartition'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage/WillShowUI',
    passes: WINPE,
    source: ms('microsoft-windows-setup-imageinstall-osimage-willshowui'),
    value: WILL_SHOW_UI,
  },
  {
    path: 'Microsoft-Windows-Setup/UserData',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/AcceptEula',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-accepteula'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/FullName',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-fullname'),
    value: { kind: 'text', nonEmpty: true, maxLength: 63 },
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/Organization',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-organization'),
    value: { kind: 'text', nonEmpty: true, maxLength: 63 },
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/ProductKey',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-productkey'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/ProductKey/Key',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-productkey-key'),
    value: { kind: 'text', nonEmpty: true, pattern: /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/ },
    note: '25 characters, xxxxx-xxxxx-xxxxx-xxxxx-xxxxx; an empty Key is invalid, so without a key the element must be left out.',
  },
  {
    path: 'Microsoft-Windows-Setup/UserData/ProductKey/WillShowUI',
    passes: WINPE,
    source: ms('microsoft-windows-setup-userdata-productkey-willshowui'),
    value: WILL_SHOW_UI,
  },
  {
    path: 'Microsoft-Windows-Setup/DynamicUpdate',
    passes: WINPE,
    source: ms('microsoft-windows-setup-dynamicupdate'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/DynamicUpdate/Enable',
    passes: WINPE,
    source: ms('microsoft-windows-setup-dynamicupdate-enable'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Setup/DynamicUpdate/WillShowUI',
    passes: WINPE,
    source: ms('microsoft-windows-setup-dynamicupdate-willshowui'),
    value: WILL_SHOW_UI,
  },
  {
    path: 'Microsoft-Windows-Setup/RunSynchronous',
    passes: WINPE,
    source: ms('microsoft-windows-setup-runsynchronous'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Setup/RunSynchronous/RunSynchronousCommand',
    passes: WINPE,
    source: ms('microsoft-windows-setup-runsynchronous-runsynchronouscommand'),
    value: CONTAINER,
    listItem: { keyValue: false, order: true },
    rules: [
      {
        kind: 'required',
        children: ['Order', 'Path'],
        why: 'A command needs its place and its command line.',
      },
    ],
    note: "The reference allows any distinct Order from 1 to 500; 1..n without gaps is this project's rule.",
  },
  {
    path: 'Microsoft-Windows-Setup/RunSynchronous/RunSynchronousCommand/Order',
    passes: WINPE,
    source: ms('microsoft-windows-setup-runsynchronous-runsynchronouscommand-order'),
    value: ORDER_1_TO_500,
  },
  {
    path: 'Microsoft-Windows-Setup/RunSynchronous/RunSynchronousCommand/Description',
    passes: WINPE,
    source: ms('microsoft-windows-setup-runsynchronous-runsynchronouscommand-description'),
    value: ANY_TEXT,
  },
  {
    path: 'Microsoft-Windows-Setup/RunSynchronous/RunSynchronousCommand/Path',
    passes: WINPE,
    source: ms('microsoft-windows-setup-runsynchronous-runsynchronouscommand-path'),
    value: { kind: 'text', nonEmpty: true },
  },

  // ---- Microsoft-Windows-Shell-Setup -----------------------------------------------------------------------
  {
    path: 'Microsoft-Windows-Shell-Setup/ComputerName',
    passes: ['offlineServicing', 'specialize'],
    source: ms('microsoft-windows-shell-setup-computername'),
    value: {
      kind: 'text',
      maxBytes: 15,
      forbiddenChars: COMPUTER_NAME_FORBIDDEN,
      notPattern: /^\d*$/,
      special: ['*'],
    },
    note: 'At most 15 bytes; none of the listed characters and no spaces; not only digits (DnsValidateName). "*" (or empty) makes Windows generate a random name.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/TimeZone',
    passes: ['auditSystem', 'oobeSystem', 'specialize'],
    source: ms('microsoft-windows-shell-setup-timezone'),
    value: { kind: 'text', nonEmpty: true, maxLength: 256, pattern: WINDOWS_TIME_ZONE_ID },
    note: 'A Windows time zone id as `tzutil /l` lists it (not an IANA name); "_dstoff" turns daylight saving off.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon'),
    value: CONTAINER,
    rules: [
      {
        kind: 'required',
        children: ['LogonCount'],
        why: '"LogonCount must be specified if AutoLogon is used" (page AutoLogon/LogonCount).',
      },
      { kind: 'ifThen', if: 'Enabled=true', then: 'Username', why: 'An automatic logon needs an account.' },
    ],
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/Enabled',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-enabled'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/Username',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-username'),
    value: ACCOUNT_NAME,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/Password',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-password'),
    value: CONTAINER,
    rules: PASSWORD_RULES,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/Password/Value',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-password-value'),
    value: ANY_TEXT,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/Password/PlainText',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-password-plaintext'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/AutoLogon/LogonCount',
    passes: AUTOLOGON,
    source: ms('microsoft-windows-shell-setup-autologon-logoncount'),
    value: { kind: 'integer', min: 0 },
    note: 'Known issue on the page: Windows adds 1 to a LogonCount above 0, so 1 gives two automatic logons; the workaround is LogonCount 1 plus a FirstLogonCommand that sets Winlogon AutoLogonCount to 0 (the first-logon script turns AutoAdminLogon off and deletes AutoLogonCount).',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands'),
    value: CONTAINER,
    note: 'The commands are now all started at the same time and no longer wait for each other (same page).',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands-synchronouscommand'),
    value: CONTAINER,
    listItem: { keyValue: false, order: true },
    rules: [
      {
        kind: 'required',
        children: ['Order', 'CommandLine'],
        why: 'A command needs its place and its command line.',
      },
    ],
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/Order',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands-synchronouscommand-order'),
    value: ORDER_1_TO_500,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/CommandLine',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands-synchronouscommand-commandline'),
    value: { kind: 'text', nonEmpty: true, maxLength: 1024 },
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/Description',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands-synchronouscommand-description'),
    value: { kind: 'text', maxLength: 256 },
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/FirstLogonCommands/SynchronousCommand/RequiresUserInput',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-firstlogoncommands-synchronouscommand-requiresuserinput'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/HideEULAPage',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-hideeulapage'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/HideLocalAccountScreen',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-hidelocalaccountscreen'),
    value: BOOLEAN,
    note: 'The page says it applies to Windows Server editions only (the Administrator password page); on client Windows it is ignored, and rgl/windows-vagrant and dockur/windows set it there too.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/HideOEMRegistrationScreen',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-hideoemregistrationscreen'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/HideOnlineAccountScreens',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-hideonlineaccountscreens'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/HideWirelessSetupInOOBE',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-hidewirelesssetupinoobe'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/NetworkLocation',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-networklocation'),
    value: { kind: 'enum', values: ['Home', 'Work', 'Other'] },
    note: 'Deprecated in Windows 10 (same page). Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/OOBE/ProtectYourPC',
    passes: OOBE,
    source: ms('microsoft-windows-shell-setup-oobe-protectyourpc'),
    value: { kind: 'enum', values: ['1', '2', '3'] },
    note: '1 and 2 turn Express settings on, 3 turns them off; without a value OOBE shows the page.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/ProductKey',
    passes: ['specialize'],
    source: ms('microsoft-windows-shell-setup-productkey'),
    value: { kind: 'text', nonEmpty: true, pattern: /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/ },
    note: 'The activation key (a MAK goes here), as opposed to Microsoft-Windows-Setup/UserData/ProductKey/Key, which picks the edition. Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/RegisteredOrganization',
    passes: ['auditUser', 'generalize', 'offlineServicing', 'oobeSystem', 'specialize'],
    source: ms('microsoft-windows-shell-setup-registeredorganization'),
    value: { kind: 'text', maxLength: 256 },
    note: 'Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/RegisteredOwner',
    passes: ['auditUser', 'generalize', 'offlineServicing', 'oobeSystem', 'specialize'],
    source: ms('microsoft-windows-shell-setup-registeredowner'),
    value: { kind: 'text', maxLength: 256 },
    note: 'Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-administratorpassword'),
    value: CONTAINER,
    rules: PASSWORD_RULES,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/Value',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-administratorpassword-value'),
    value: ANY_TEXT,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/PlainText',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-administratorpassword-plaintext'),
    value: BOOLEAN,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount'),
    value: CONTAINER,
    listItem: { keyValue: false },
    rules: [{ kind: 'required', children: ['Name'], why: 'The account is identified by its Name.' }],
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Name',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-name'),
    value: ACCOUNT_NAME,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/DisplayName',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-displayname'),
    value: { kind: 'text', maxLength: 256 },
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Description',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-description'),
    value: ANY_TEXT,
    note: 'Not used by the template (rgl/windows-vagrant sets it).',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Group',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-group'),
    value: { kind: 'text', maxLength: 256 },
    note: 'Use the language-neutral English group names (Administrators, Users, …); several are separated by ";".',
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Password',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-password'),
    value: CONTAINER,
    rules: PASSWORD_RULES,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Password/Value',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-password-value'),
    value: ANY_TEXT,
  },
  {
    path: 'Microsoft-Windows-Shell-Setup/UserAccounts/LocalAccounts/LocalAccount/Password/PlainText',
    passes: ACCOUNTS,
    source: ms('microsoft-windows-shell-setup-useraccounts-localaccounts-localaccount-password-plaintext'),
    value: BOOLEAN,
  },

  // ---- Microsoft-Windows-International-Core ----------------------------------------------------------------
  {
    path: 'Microsoft-Windows-International-Core/InputLocale',
    passes: INTERNATIONAL,
    source: ms('microsoft-windows-international-core-inputlocale'),
    value: INPUT_LOCALE_RULE,
  },
  {
    path: 'Microsoft-Windows-International-Core/SystemLocale',
    passes: INTERNATIONAL,
    source: ms('microsoft-windows-international-core-systemlocale'),
    value: LANGUAGE,
  },
  {
    path: 'Microsoft-Windows-International-Core/UILanguage',
    passes: INTERNATIONAL,
    source: ms('microsoft-windows-international-core-uilanguage'),
    value: LANGUAGE,
  },
  {
    path: 'Microsoft-Windows-International-Core/UILanguageFallback',
    passes: INTERNATIONAL,
    source: ms('microsoft-windows-international-core-uilanguagefallback'),
    value: LANGUAGE,
    note: 'Not used by the template (rgl/windows-vagrant sets it).',
  },
  {
    path: 'Microsoft-Windows-International-Core/UserLocale',
    passes: INTERNATIONAL,
    source: ms('microsoft-windows-international-core-userlocale'),
    value: LANGUAGE,
  },

  // ---- Microsoft-Windows-Deployment ------------------------------------------------------------------------
  {
    path: 'Microsoft-Windows-Deployment/RunSynchronous',
    passes: DEPLOYMENT_COMMANDS,
    source: ms('microsoft-windows-deployment-runsynchronous'),
    value: CONTAINER,
  },
  {
    path: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand',
    passes: DEPLOYMENT_COMMANDS,
    source: ms('microsoft-windows-deployment-runsynchronous-runsynchronouscommand'),
    value: CONTAINER,
    listItem: { keyValue: false, order: true },
    rules: [
      {
        kind: 'required',
        children: ['Order', 'Path'],
        why: 'A command needs its place and its command line.',
      },
    ],
    note: 'Runs as SYSTEM in specialize. Commands must not restart the computer (use WillReboot instead).',
  },
  {
    path: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Order',
    passes: DEPLOYMENT_COMMANDS,
    source: ms('microsoft-windows-deployment-runsynchronous-runsynchronouscommand-order'),
    value: ORDER_1_TO_500,
  },
  {
    path: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Description',
    passes: DEPLOYMENT_COMMANDS,
    source: ms('microsoft-windows-deployment-runsynchronous-runsynchronouscommand-description'),
    value: { kind: 'text', nonEmpty: true, maxLength: 259 },
  },
  {
    path: 'Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path',
    passes: DEPLOYMENT_COMMANDS,
    source: ms('microsoft-windows-deployment-runsynchronous-runsynchronouscommand-path'),
    value: { kind: 'text', nonEmpty: true, maxLength: 259 },
  },

  // ---- Microsoft-Windows-ServerManager-SvrMgrNc ------------------------------------------------------------
  {
    path: 'Microsoft-Windows-ServerManager-SvrMgrNc/DoNotOpenServerManagerAtLogon',
    passes: ['generalize', 'specialize'],
    source: ms('microsoft-windows-servermanager-svrmgrnc-donotopenservermanageratlogon'),
    value: BOOLEAN,
  },

  // ---- not used by the template yet (components the brief or rgl/dockur name) --------------------------------
  {
    path: 'Microsoft-Windows-Security-SPP-UX/SkipAutoActivation',
    passes: ['specialize'],
    source: ms('microsoft-windows-security-spp-ux-skipautoactivation'),
    value: BOOLEAN,
    note: 'Not used by the template (dockur/windows sets it).',
  },
  {
    path: 'Microsoft-Windows-UnattendedJoin/Identification',
    passes: ['specialize'],
    source: ms('microsoft-windows-unattendedjoin-identification'),
    value: CONTAINER,
    rules: [
      {
        kind: 'exactlyOne',
        of: ['JoinDomain', 'JoinWorkgroup'],
        why: 'Only one of JoinDomain and JoinWorkgroup may be present (with both, JoinWorkgroup is ignored).',
      },
    ],
    note: 'Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-UnattendedJoin/Identification/JoinDomain',
    passes: ['specialize'],
    source: ms('microsoft-windows-unattendedjoin-identification-joindomain'),
    value: { kind: 'text', nonEmpty: true },
    note: 'A DNS or NetBIOS domain name; needs Identification/Credentials (or a provisioning blob). Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-UnattendedJoin/Identification/JoinWorkgroup',
    passes: ['specialize'],
    source: ms('microsoft-windows-unattendedjoin-identification-joinworkgroup'),
    value: { kind: 'text', nonEmpty: true, maxLength: 15 },
    note: 'Must be a valid NetBIOS name. Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-SecureStartup-FilterDriver/PreventDeviceEncryption',
    passes: ['offlineServicing', 'specialize', 'auditSystem', 'oobeSystem'],
    source: ms('microsoft-windows-securestartup-filterdriver-preventdeviceencryption'),
    value: BOOLEAN,
    note: 'The answer-file form of the BitLocker PreventDeviceEncryption registry value the template sets with reg.exe (dockur/windows uses this component in oobeSystem). Not used by the template.',
  },
  {
    path: 'Microsoft-Windows-LUA-Settings/EnableLUA',
    passes: ['offlineServicing'],
    source: ms('microsoft-windows-lua-settings-enablelua'),
    value: BOOLEAN,
    note: 'Not used by the template on purpose (UAC stays on, notes/answer-file.md).',
  },
];

export const REQUIRED_SETTINGS: readonly RequiredSetting[] = [
  {
    path: 'Microsoft-Windows-Setup/UserData/AcceptEula',
    pass: 'windowsPE',
    value: 'true',
    source: ms('microsoft-windows-setup-userdata-accepteula'),
    why: 'Required for all unattended installations; otherwise Setup shows the license terms.',
  },
  {
    path: 'Microsoft-Windows-Setup/ImageInstall/OSImage',
    pass: 'windowsPE',
    source: ms('microsoft-windows-setup-imageinstall-osimage-installto'),
    why: 'Unattended installations must say where to install (InstallTo or InstallToAvailablePartition).',
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/CreatePartitions',
    pass: 'windowsPE',
    source: ms('microsoft-windows-setup-diskconfiguration-disk-createpartitions'),
    why: 'Installing to a blank disk (the builder always does) needs CreatePartitions and ModifyPartitions.',
  },
  {
    path: 'Microsoft-Windows-Setup/DiskConfiguration/Disk/ModifyPartitions',
    pass: 'windowsPE',
    source: ms('microsoft-windows-setup-diskconfiguration-disk-modifypartitions'),
    why: 'Installing to a blank disk needs CreatePartitions and ModifyPartitions (to format them).',
  },
];

/** The component row of this name, if any. */
export function componentReference(name: string): ComponentReference | undefined {
  return COMPONENTS.find((c) => c.name === name);
}

/** The setting row of this path ("Component/Element/…"), if any. */
export function settingReference(path: string): SettingReference | undefined {
  return SETTINGS.find((s) => s.path === path);
}
