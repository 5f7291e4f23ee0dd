export interface IsoSpec {
    /** Files on the ISO: path on the medium ("a.xml", "dir/b.msi") → file on the host. */
    files: {
        name: string;
        source: string;
    }[];
    output: string;
    volumeId: string;
    signal?: AbortSignal;
}
/**
 * The argv for an answer medium. Windows Setup reads CD file names from Joliet or UDF only — a plain ISO 9660
 * name is AUTOUNAT.XML;1 and Rock Ridge is ignored — so `-J -joliet-long` is what makes Setup find
 * autounattend.xml (notes/windows-setup.md, "Finding the answer file"); `-r` keeps the names readable on Linux.
 */
export declare function isoArgs(spec: IsoSpec): string[];
export declare function makeIso(spec: IsoSpec): Promise<void>;
