export declare const WIM_HEADER_SIZE = 208;
export type WimCompression = 'none' | 'xpress' | 'lzx' | 'lzms' | 'unknown';
export interface WimResource {
    /** Bytes in the file. */
    size: number;
    flags: number;
    offset: number;
    /** Bytes once uncompressed. */
    originalSize: number;
}
export interface WimHeader {
    version: number;
    flags: number;
    compression: WimCompression;
    /** Solid resources (version 0xE00): an ESD. */
    solid: boolean;
    chunkSize: number;
    partNumber: number;
    totalParts: number;
    imageCount: number;
    /** 1-based index of the bootable image (boot.wim), 0 for none. */
    bootIndex: number;
    xml: WimResource;
}
export type WindowsArch = 'x86' | 'arm' | 'ia64' | 'amd64' | 'arm64';
/** Windows' PROCESSOR_ARCHITECTURE_* numbers, as the XML's ARCH element has them. */
export declare const ARCH_NAMES: Readonly<Record<number, WindowsArch>>;
export interface WimImage {
    /** 1-based, as DISM and the answer file's /IMAGE/INDEX count. */
    index: number;
    name: string;
    description?: string;
    displayName?: string;
    displayDescription?: string;
    /** FLAGS: the edition id on Microsoft's images, e.g. "Professional". */
    flags?: string;
    /** WINDOWS/EDITIONID, e.g. "Professional", "ServerDatacenter". */
    editionId?: string;
    /** WINDOWS/INSTALLATIONTYPE: "Client", "Server", "Server Core", "WindowsPE", … */
    installationType?: string;
    /** The installation type is a server one ("Server", "Server Core"). */
    server: boolean;
    productName?: string;
    productType?: string;
    /** WINDOWS/ARCH as a name; undefined when missing or not a known number (see archCode). */
    arch?: WindowsArch;
    archCode?: number;
    version?: {
        major: number;
        minor: number;
        build: number;
        spBuild?: number;
        spLevel?: number;
    };
    /** WINDOWS/LANGUAGES/LANGUAGE, in order. */
    languages: string[];
    defaultLanguage?: string;
    /** TOTALBYTES: the size of the image's files. */
    totalBytes?: number;
}
export interface WimInfo {
    header: WimHeader;
    images: WimImage[];
}
/** Reads `length` bytes at `offset` of the WIM file (fewer only at its end). */
export type WimReader = (offset: number, length: number) => Promise<Buffer>;
/**
 * The header and image list of a WIM/ESD. `source` names the file in messages (e.g. "sources/install.wim in
 * Win11.iso"); `size`, when known, lets a header that points past the end be called what it is.
 */
export declare function readWimInfo(read: WimReader, source: string, size?: number): Promise<WimInfo>;
/** Pure: the 208-byte WIM header. */
export declare function parseWimHeader(bytes: Buffer, source: string): WimHeader;
/** Pure: the XML data as text: UTF-16LE (with a byte order mark, as every writer puts one). */
export declare function decodeWimXml(data: Buffer): string;
/** Pure: the images described by a WIM's XML document, by index. */
export declare function parseWimXml(xml: string, source: string): WimImage[];
