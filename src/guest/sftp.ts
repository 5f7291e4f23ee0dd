/**
 * Files to the guest over SFTP (ssh2), in one SSH connection per batch: `--upload SRC=DEST`'s files and
 * directory trees, and the provisioning scripts. Win32-OpenSSH names `C:\a\b` as `/C:/a/b`; so does the
 * stand-in.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { withSshClient, type SshTarget } from './ssh.js';

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
export type GuestUpload = ({ source: string } | { content: Buffer }) & {
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
export function windowsPathToSftp(windowsPath: string): string {
  const match = /^([A-Za-z]):[\\/](.*)$/s.exec(windowsPath);
  if (!match) {
    throw new Error(`"${windowsPath}" is not an absolute Windows path with a drive letter (like C:\\tools)`);
  }
  if ([...windowsPath].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new Error(`"${windowsPath}" contains a control character`);
  }
  const segments = match[2]!.split(/[\\/]+/).filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    throw new Error(`"${windowsPath}" has a "." or ".." segment: name the folder itself`);
  }
  return `/${match[1]}:/${segments.join('/')}`;
}

/** The paths of a directory tree, relative with `/`, directories before what they hold. */
async function listTree(root: string): Promise<{ dirs: string[]; files: string[] }> {
  const dirs: string[] = [];
  const files: string[] = [];
  const visit = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      // A symbolic link counts as what it points to.
      const info = entry.isSymbolicLink() ? await stat(path.join(root, child)) : entry;
      if (info.isDirectory()) {
        dirs.push(child);
        await visit(child);
      } else if (info.isFile()) {
        files.push(child);
      } else {
        throw new Error(`${path.join(root, child)} is neither a file nor a directory`);
      }
    }
  };
  await visit('');
  return { dirs, files };
}

function sftpCall<T>(
  run: (callback: (error: Error | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    run((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

function isDirectory(sftp: SFTPWrapper, sftpPath: string): Promise<boolean> {
  return sftpCall<{ isDirectory(): boolean }>((cb) => sftp.stat(sftpPath, cb)).then(
    (attributes) => attributes.isDirectory(),
    () => false,
  );
}

/**
 * mkdir -p for one batch: every missing folder of a path is made, an existing one is fine, and folders
 * known to exist are not asked about again. A drive (`/C:`) is taken as there.
 */
function directoryMaker(sftp: SFTPWrapper): (sftpDir: string) => Promise<void> {
  const known = new Set<string>();
  return async (sftpDir) => {
    const segments = sftpDir.split('/').filter((segment) => segment !== '');
    let current = '';
    for (const [i, segment] of segments.entries()) {
      current += `/${segment}`;
      if (known.has(current) || (i === 0 && /^[A-Za-z]:$/.test(segment))) continue;
      if (!(await isDirectory(sftp, current))) {
        try {
          await sftpCall<void>((cb) => sftp.mkdir(current, cb));
        } catch (error) {
          // Made by another writer meanwhile is fine; anything else there (a file) is not.
          if (!(await isDirectory(sftp, current))) throw error;
        }
      }
      known.add(current);
    }
  };
}

/** An SFTP failure as an Error that names the guest path. */
function guestPathError(what: string, guestPath: string, error: unknown): Error {
  return new Error(`Cannot ${what} ${guestPath} in the guest over SFTP: ${(error as Error).message}`, {
    cause: error,
  });
}

function parentOf(sftpPath: string): string {
  return sftpPath.slice(0, sftpPath.lastIndexOf('/')) || '/';
}

/** A path below an upload's guest path, in the same style (backslashes for a Windows path). */
function guestChild(guestPath: string, relative: string): string {
  const windows = /^[A-Za-z]:[\\/]/.test(guestPath);
  const separator = windows ? '\\' : '/';
  const base = guestPath.replace(/[\\/]+$/, '');
  return `${base}${separator}${windows ? relative.replace(/\//g, '\\') : relative}`;
}

type MakeDirectories = (sftpDir: string) => Promise<void>;

async function writeContent(
  sftp: SFTPWrapper,
  makeDirectories: MakeDirectories,
  upload: SftpContentUpload,
): Promise<UploadResult> {
  const guestPath = upload.guestPath ?? upload.sftpPath;
  try {
    await makeDirectories(parentOf(upload.sftpPath));
    await sftpCall<void>((cb) => sftp.writeFile(upload.sftpPath, upload.content, cb));
  } catch (error) {
    throw guestPathError('write', guestPath, error);
  }
  return { guestPath, files: 1, bytes: upload.content.length };
}

async function uploadOne(
  sftp: SFTPWrapper,
  makeDirectories: MakeDirectories,
  upload: SftpUpload | SftpContentUpload,
): Promise<UploadResult> {
  if ('content' in upload) return writeContent(sftp, makeDirectories, upload);
  const guestPath = upload.guestPath ?? upload.sftpPath;
  const info = await stat(upload.source);
  const destination = upload.sftpPath.replace(/\/+$/, '') || '/';
  const put = async (local: string, remote: string, guest: string): Promise<number> => {
    try {
      await makeDirectories(parentOf(remote));
      await sftpCall<void>((cb) => sftp.fastPut(local, remote, cb));
    } catch (error) {
      throw guestPathError('write', guest, error);
    }
    return (await stat(local)).size;
  };
  if (info.isFile()) {
    const bytes = await put(upload.source, destination, guestPath);
    return { source: upload.source, guestPath, files: 1, bytes };
  }
  if (!info.isDirectory()) throw new Error(`${upload.source} is neither a file nor a directory`);
  const tree = await listTree(upload.source);
  for (const dir of ['', ...tree.dirs]) {
    try {
      await makeDirectories(dir === '' ? destination : `${destination}/${dir}`);
    } catch (error) {
      throw guestPathError('create the folder', dir === '' ? guestPath : guestChild(guestPath, dir), error);
    }
  }
  let bytes = 0;
  for (const file of tree.files) {
    bytes += await put(path.join(upload.source, file), `${destination}/${file}`, guestChild(guestPath, file));
  }
  return { source: upload.source, guestPath, files: tree.files.length, bytes };
}

/**
 * Uploads files, directory trees and content made on the host in one SSH connection, in order: a file (or
 * content) to its path (parent folders created), a directory's content into its path (folders created as
 * needed, empty ones too). Login and connection failures are SshErrors; a path the guest refuses is an
 * Error that names it. `timeoutMs` bounds the whole batch.
 */
export function uploadOverSftp(
  target: SshTarget,
  uploads: readonly (SftpUpload | SftpContentUpload)[],
  timeoutMs: number,
): Promise<UploadResult[]> {
  return withSshClient<UploadResult[]>(target, timeoutMs, (client, settle) => {
    client.sftp((error, sftp) => {
      if (error) {
        settle(() => {
          throw new Error(`The guest's SSH server has no SFTP: ${error.message}`);
        });
        return;
      }
      const run = async (): Promise<UploadResult[]> => {
        const results: UploadResult[] = [];
        const makeDirectories = directoryMaker(sftp);
        for (const upload of uploads) results.push(await uploadOne(sftp, makeDirectories, upload));
        return results;
      };
      run().then(
        (results) => settle(() => results),
        (failure: unknown) =>
          settle(() => {
            throw failure;
          }),
      );
    });
  });
}

/** uploadOverSftp to Windows paths of the guest (checked and converted before connecting). */
export function uploadToGuest(
  target: SshTarget,
  uploads: readonly GuestUpload[],
  timeoutMs: number,
): Promise<UploadResult[]> {
  const converted = uploads.map((upload): SftpUpload | SftpContentUpload => {
    const where = { sftpPath: windowsPathToSftp(upload.destination), guestPath: upload.destination };
    return 'content' in upload ? { content: upload.content, ...where } : { source: upload.source, ...where };
  });
  return uploadOverSftp(target, converted, timeoutMs);
}
