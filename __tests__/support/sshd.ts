/**
 * A real OpenSSH server (Debian's openssh-server) for tests, run by the test user on a free port with its
 * own sshd_config, host key and authorized key. An unprivileged sshd can only log in the user it runs as and
 * cannot check passwords (no /etc/shadow), so the client logs in with a key (SshTarget.privateKey).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { SshTarget } from '../../src/guest/ssh.js';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  target: SshTarget;
  /** A folder the test may write into and read back. */
  dir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts sshd in the foreground and waits for its "Server listening" line. */
export async function startSshd(): Promise<TestSshd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bake-sshd-'));
  const hostKey = ssh2.utils.generateKeyPairSync('ed25519');
  const userKey = ssh2.utils.generateKeyPairSync('ed25519');
  await writeFile(path.join(dir, 'host_key'), hostKey.private, { mode: 0o600 });
  await writeFile(path.join(dir, 'authorized_keys'), `${userKey.public}\n`, { mode: 0o600 });
  await chmod(dir, 0o700);
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PidFile none',
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
  ].join('\n');
  await writeFile(path.join(dir, 'sshd_config'), `${config}\n`);
  // As root, sshd wants its privilege separation folder (the package's service makes it at start).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) await mkdir('/run/sshd', { mode: 0o755 });
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sshd exited with ${code}:\n${log}`)));
    child.once('error', reject);
  });
  return {
    target: {
      host: '127.0.0.1',
      port,
      username: os.userInfo().username,
      password: 'unused-by-this-server',
      privateKey: userKey.private,
    },
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
