/**
 * src/guest/ssh.ts (streamed output) and src/guest/sftp.ts (uploads) against a real OpenSSH server:
 * Debian's sshd, run by the test user on a free port (see __tests__/support/sshd.ts).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { uploadOverSftp } from '../../src/guest/sftp.js';
import { runCommand, SshError } from '../../src/guest/ssh.js';
import { SSHD, startSshd, type TestSshd } from '../support/sshd.js';

if (!existsSync(SSHD))
  throw new Error(`${SSHD} is missing: install openssh-server (scripts/install-deps.sh)`);

// Each call has its own 30 s SSH bound; this only keeps jest from cutting a slow machine short.
jest.setTimeout(60_000);

let sshd: TestSshd;
let local: string;

beforeAll(async () => {
  sshd = await startSshd();
  local = await mkdtemp(path.join(os.tmpdir(), 'bake-sftp-src-'));
});

afterAll(async () => {
  await sshd?.stop();
  if (local) await rm(local, { recursive: true, force: true });
});

/** Every file below a folder, relative path → content. */
async function treeContents(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), await readFile(full));
  }
  return files;
}

describe('runCommand with line callbacks', () => {
  it('delivers a line while the command still runs: the command waits for what the callback does', async () => {
    const flag = path.join(sshd.dir, 'seen-first-line');
    const lines: string[] = [];
    // The command ends only once the test has seen its first line: without streaming it would time out.
    const command = `printf 'first\\r\\n'; while [ ! -e '${flag}' ]; do sleep 0.05; done; printf 'second\\r\\nlast'`;
    const result = await runCommand(sshd.target, command, 30_000, {
      onStdoutLine: (line) => {
        lines.push(line);
        if (line === 'first') void writeFile(flag, '');
      },
    });
    expect(lines).toEqual(['first', 'second', 'last']);
    expect(result).toEqual({ code: 0, stdout: 'first\r\nsecond\r\nlast', stderr: '' });
  });

  it('splits standard error too (CRLF and LF), passes stdin, and keeps the exit code', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await runCommand(sshd.target, "cat; printf 'e1\\r\\ne2\\n\\r\\n' >&2; exit 3", 30_000, {
      stdin: 'in1\r\nin2\r\n',
      onStdoutLine: (line) => out.push(line),
      onStderrLine: (line) => err.push(line),
    });
    expect(out).toEqual(['in1', 'in2']);
    expect(err).toEqual(['e1', 'e2', '']);
    expect(result.code).toBe(3);
  });

  it('keeps the old call form: a string as standard input', async () => {
    const result = await runCommand(sshd.target, 'cat', 30_000, 'plain stdin');
    expect(result).toEqual({ code: 0, stdout: 'plain stdin', stderr: '' });
  });

  it('fails a wrong key as auth, and a port with no server as unreachable', async () => {
    const otherKey = ssh2.utils.generateKeyPairSync('ed25519').private;
    const refused = runCommand({ ...sshd.target, privateKey: otherKey }, 'true', 30_000);
    await expect(refused).rejects.toBeInstanceOf(SshError);
    await expect(refused).rejects.toMatchObject({ kind: 'auth' });
    const closed = runCommand({ ...sshd.target, port: 1 }, 'true', 30_000);
    await expect(closed).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

describe('uploadOverSftp', () => {
  it('uploads a file and a tree in one batch, byte for byte, creating the folders', async () => {
    const file = path.join(local, 'setup.bin');
    await writeFile(file, randomBytes(300_000));
    const tree = path.join(local, 'tools');
    await mkdir(path.join(tree, 'bin', 'deep'), { recursive: true });
    await mkdir(path.join(tree, 'empty'));
    await writeFile(path.join(tree, 'readme.txt'), 'tools\r\n');
    await writeFile(path.join(tree, 'bin', 'tool.exe'), randomBytes(70_001));
    await writeFile(path.join(tree, 'bin', 'deep', "it's $x.ps1"), 'Write-Output 1\r\n');
    await writeFile(path.join(tree, 'bin', 'deep', 'zero'), '');

    const remote = path.join(sshd.dir, 'guest');
    const results = await uploadOverSftp(
      sshd.target,
      [
        { source: file, sftpPath: `${remote}/a/b/setup.bin`, guestPath: 'C:\\a\\b\\setup.bin' },
        { source: tree, sftpPath: `${remote}/tools`, guestPath: 'C:\\tools' },
      ],
      30_000,
    );

    expect(results).toEqual([
      { source: file, guestPath: 'C:\\a\\b\\setup.bin', files: 1, bytes: 300_000 },
      { source: tree, guestPath: 'C:\\tools', files: 4, bytes: 7 + 70_001 + 16 + 0 },
    ]);
    expect(await readFile(path.join(remote, 'a', 'b', 'setup.bin'))).toEqual(await readFile(file));
    expect(await treeContents(path.join(remote, 'tools'))).toEqual(await treeContents(tree));
    expect(existsSync(path.join(remote, 'tools', 'empty'))).toBe(true);
  });

  it('writes content made on the host, byte for byte, creating its folder', async () => {
    const content = Buffer.concat([Buffer.from('\uFEFF# script\r\n'), randomBytes(40_000)]);
    const remote = path.join(sshd.dir, 'made', 'on', 'host.ps1');
    const results = await uploadOverSftp(
      sshd.target,
      [{ content, sftpPath: remote, guestPath: 'C:\\made\\on\\host.ps1' }],
      30_000,
    );
    expect(results).toEqual([{ guestPath: 'C:\\made\\on\\host.ps1', files: 1, bytes: content.length }]);
    expect(await readFile(remote)).toEqual(content);
  });

  it('uploads again over what is there (mkdir -p of existing folders, files replaced)', async () => {
    const file = path.join(local, 'again.txt');
    const remote = path.join(sshd.dir, 'again');
    await mkdir(remote, { recursive: true });
    await writeFile(path.join(remote, 'again.txt'), 'old content that is longer');
    await writeFile(file, 'new');
    await uploadOverSftp(sshd.target, [{ source: file, sftpPath: `${remote}/again.txt` }], 30_000);
    expect(await readFile(path.join(remote, 'again.txt'), 'utf8')).toBe('new');
  });

  it('names the guest path it cannot write (a folder where a file is)', async () => {
    const blocker = path.join(sshd.dir, 'blocker');
    await writeFile(blocker, 'a file, not a folder');
    const file = path.join(local, 'x.txt');
    await writeFile(file, 'x');
    await expect(
      uploadOverSftp(
        sshd.target,
        [{ source: file, sftpPath: `${blocker}/sub/x.txt`, guestPath: 'C:\\blocker\\sub\\x.txt' }],
        30_000,
      ),
    ).rejects.toThrow(/^Cannot write C:\\blocker\\sub\\x\.txt in the guest over SFTP: /);

    const tree = path.join(local, 'tree-blocked');
    await mkdir(path.join(tree, 'inner'), { recursive: true });
    await writeFile(path.join(tree, 'inner', 'f.txt'), 'f');
    await mkdir(path.join(sshd.dir, 'tb'));
    await writeFile(path.join(sshd.dir, 'tb', 'inner'), 'a file where the folder goes');
    await expect(
      uploadOverSftp(
        sshd.target,
        [{ source: tree, sftpPath: `${sshd.dir}/tb`, guestPath: 'C:\\tb' }],
        30_000,
      ),
    ).rejects.toThrow(/^Cannot create the folder C:\\tb\\inner in the guest over SFTP: /);
  });

  it('fails a refused login as an SshError of kind auth', async () => {
    const file = path.join(local, 'y.txt');
    await writeFile(file, 'y');
    const otherKey = ssh2.utils.generateKeyPairSync('ed25519').private;
    await expect(
      uploadOverSftp(
        { ...sshd.target, privateKey: otherKey },
        [{ source: file, sftpPath: `${sshd.dir}/y.txt` }],
        30_000,
      ),
    ).rejects.toMatchObject({ kind: 'auth' });
    expect(existsSync(path.join(sshd.dir, 'y.txt'))).toBe(false);
  });
});
