/** The first eight bytes of every OLE compound file. */
export declare const COMPOUND_FILE_MAGIC: Buffer<ArrayBuffer>;
/** Whether `file` starts with the compound file signature (an MSI, or another OLE document). */
export declare function isCompoundFile(file: string): Promise<boolean>;
