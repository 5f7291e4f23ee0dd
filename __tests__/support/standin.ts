/** The stand-in installer and virtio-win media (test/standin/build.sh), built once and cached. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './cli.js';

export const MEDIA_DIR = path.join(REPO, '.cache', 'standin-media');

/** test/standin/build.sh --fault NAME (see test/standin/README.md, "Faults"). */
export type Fault =
  | 'never-ready'
  | 'poweroff-early'
  | 'wrong-account'
  | 'ssh-late'
  | 'unsigned-loader'
  | 'sshd-fails'
  | 'guest-tools-fail'
  | 'ssh-never'
  | 'trim-unsupported'
  | 'recovery-partition'
  | 'reagentc-fails'
  | 'key-page'
  | 'update-fails'
  | 'update-reboot-loop'
  | 'update-hangs';

export interface StandinMedia {
  installer: string;
  virtioWin: string;
}

/** Builds (or reuses) the media; with a fault, the installer variant that has it. */
export function standinMedia(fault?: Fault): StandinMedia {
  execFileSync(
    'bash',
    [path.join(REPO, 'test/standin/build.sh'), MEDIA_DIR, ...(fault ? ['--fault', fault] : [])],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return {
    installer: path.join(MEDIA_DIR, fault ? `standin-installer-${fault}.iso` : 'standin-installer.iso'),
    virtioWin: path.join(MEDIA_DIR, 'standin-virtio-win.iso'),
  };
}

/** Flags that make a stand-in bake fast under TCG on a small machine. */
export const STANDIN_VM_FLAGS = ['--accel', 'tcg', '--cpus', '1', '--memory', '768', '--disk-size', '2048'];
