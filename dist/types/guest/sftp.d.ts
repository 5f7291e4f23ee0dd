import { type SshTarget } from './ssh.js';
/** One upload: a local file or directory, and where it goes as an SFTP path. */
export interface SftpUpload {
    source: string;
    /** The SFTP path: `/C:/tools` for the guest's `C:\tools`. */
    sftpPath: string;
    /** The path as the user named it, for messages; the SFTP path when not given. */
    guestPath?: string;
}
/** Bytes made on the host (a rendered script) written to one file, parent folders created. */
export interface SftpContentUpload {
    content: Buffer;
    sftpPath: string;
    guestPath?: string;
}
/** One upload to a Windows path of the guest: a local file or directory, or content made on the host. */
export type GuestUpload = ({
    source: string;
} | {
    content: Buffer;
}) & {
    /** An absolute Windows path: `C:\tools` or `C:\tools\x.zip`. */
    destination: string;
};
export interface UploadResult {
    /** The local file or directory; absent for content made on the host. */
    source?: string;
    guestPath: string;
    /** Files written (1 for a file; every file of a tree). */
    files: number;
    bytes: number;
}
/**
 * `C:\a\b` → `/C:/a/b`. Only absolute paths with a drive letter; no `.` or `..` segment (the guest would
 * resolve them; the host says where a file goes), no control character. Forward slashes count as separators.
 */
export declare function windowsPathToSftp(windowsPath: string): string;
/**
 * Uploads files, directory trees and content made on the host in one SSH connection, in order: a file (or
 * content) to its path (parent folders created), a directory's content into its path (folders created as
 * needed, empty ones too). Login and connection failures are SshErrors; a path the guest refuses is an
 * Error that names it. `timeoutMs` bounds the whole batch.
 */
export declare function uploadOverSftp(target: SshTarget, uploads: readonly (SftpUpload | SftpContentUpload)[], timeoutMs: number): Promise<UploadResult[]>;
/** uploadOverSftp to Windows paths of the guest (checked and converted before connecting). */
export declare function uploadToGuest(target: SshTarget, uploads: readonly GuestUpload[], timeoutMs: number): Promise<UploadResult[]>;
