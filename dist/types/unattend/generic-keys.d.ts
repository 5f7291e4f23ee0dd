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
/** By install.wim's WINDOWS/EDITIONID. Windows 10 and 11 share these keys. */
export declare const GENERIC_KEYS: Readonly<Record<string, GenericKey>>;
/** The product-key value that turns the automatic generic key off. */
export declare const NO_PRODUCT_KEY = "none";
export type KeyChoice = {
    source: 'given';
    key: string;
} | {
    source: 'generic';
    key: string;
    editionId: string;
    kind: GenericKeyKind;
} | {
    source: 'none';
    reason: string;
};
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
export declare function chooseProductKey(given: string | undefined, image: ImageEdition): KeyChoice;
/** For the log: which key source was used (the keys are public, but the line says where it came from). */
export declare function describeKeyChoice(choice: KeyChoice): string;
