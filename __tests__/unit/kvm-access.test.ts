/** enable-kvm's pure parts: when to touch the host, and which commands do it. */
import { describe, expect, it } from '@jest/globals';
import { enableCommands, kvmAccessAction, SYSTEM_KVM_PATHS } from '../../src/tools/kvm-access.js';

describe('kvmAccessAction', () => {
  it.each([
    ['auto', 'auto', 'denied', 'enable'],
    ['auto', 'kvm', 'denied', 'enable'],
    ['auto', 'tcg', 'denied', 'leave'],
    ['true', 'tcg', 'denied', 'enable'],
    ['false', 'auto', 'denied', 'leave'],
    ['auto', 'auto', 'usable', 'leave'],
    ['true', 'auto', 'missing', 'leave'],
    ['auto', 'auto', 'unusable', 'leave'],
  ] as const)('enable-kvm %s, accel %s, device %s → %s', (mode, accel, state, action) => {
    expect(kvmAccessAction(mode, accel, state)).toBe(action);
  });
});

describe('enableCommands', () => {
  const programs = {
    sudo: '/usr/bin/sudo',
    tee: '/usr/bin/tee',
    udevadm: '/usr/bin/udevadm',
    chmod: '/bin/chmod',
  };

  it('with udevd: the documented rule, a reload and a trigger by name, each through sudo -n', () => {
    const commands = enableCommands(SYSTEM_KVM_PATHS, programs, true);
    expect(commands.map((c) => c.argv.join(' '))).toEqual([
      '/usr/bin/sudo -n /usr/bin/tee /etc/udev/rules.d/99-kvm4all.rules',
      '/usr/bin/sudo -n /usr/bin/udevadm control --reload-rules',
      '/usr/bin/sudo -n /usr/bin/udevadm trigger --name-match=kvm',
    ]);
    expect(commands[0]!.input).toBe('KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"\n');
  });

  it('without udevd: chmod on the device', () => {
    expect(enableCommands(SYSTEM_KVM_PATHS, programs, false).map((c) => c.argv.join(' '))).toEqual([
      '/usr/bin/sudo -n /bin/chmod 0666 /dev/kvm',
    ]);
  });
});
