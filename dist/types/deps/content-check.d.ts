/** disc-image: an .iso (Windows, virtio-win); msi: a Windows Installer package (OpenSSH). */
export type ContentKind = 'disc-image' | 'msi';
/** Throws download-failed when `file` (downloaded from `shown`) is not of `kind`. */
export declare function checkContent(file: string, kind: ContentKind, shown: string, size: number): Promise<void>;
/** Pure: a short description of what a file holds, from its first bytes and its size, for an error message. */
export declare function describeContent(head: Buffer, size: number): string;
