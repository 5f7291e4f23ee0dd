/**
 * The action's KVM check, before any download: when /dev/kvm is there but closed to the runner user (a
 * GitHub-hosted runner), open it up through sudo (tools/kvm-access.ts), as `enable-kvm` allows; then the
 * build's own accelerator check, whose error stays the one a user sees when KVM is still not usable.
 */
import * as core from '@actions/core';
import { resolveAccel } from '../tools/kvm-access.js';
import { BuildError } from '../errors.js';
import {
  enableKvmAccess,
  kvmAccessAction,
  probeKvmDevice,
  SYSTEM_KVM_PATHS,
  type EnableKvm,
  type KvmAccessPaths,
} from '../tools/kvm-access.js';
import { actionLogger } from './logger.js';

export async function ensureKvm(
  mode: EnableKvm,
  accel: 'auto' | 'kvm' | 'tcg',
  paths: KvmAccessPaths = SYSTEM_KVM_PATHS,
  signal?: AbortSignal,
): Promise<'kvm' | 'tcg'> {
  const { state } = probeKvmDevice(paths.device);
  if (kvmAccessAction(mode, accel, state) === 'enable') {
    await core.group(`Opening ${paths.device} to this user (enable-kvm: ${mode})`, async () => {
      core.info(`${paths.device} exists but this user (uid ${process.getuid?.()}) may not open it.`);
      await enableKvmAccess(paths, actionLogger, { signal });
    });
  } else if (mode === 'true' && state === 'missing') {
    throw new BuildError('kvm-unavailable', `enable-kvm is true, but ${paths.device} does not exist`, {
      hint: 'This runner exposes no KVM: use a runner with nested virtualisation (GitHub-hosted ubuntu-latest has it) or a KVM host; accel: tcg runs without, for tests only.',
    });
  } else if (state === 'usable') {
    core.info(`${paths.device} opens read-write for this user: nothing to enable.`);
  }
  return resolveAccel(accel, paths);
}
