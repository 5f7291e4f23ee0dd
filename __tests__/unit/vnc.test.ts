/** --vnc: loopback or unix socket only, QEMU's display numbering, and the option's errors. */
import { describe, expect, it } from '@jest/globals';
import { optionsFromStrings, resolveOptions } from '../../src/bake/validate.js';
import { qemuArgs, type VmSpec } from '../../src/tools/qemu.js';
import { parseVncAddress, vncDisplayName } from '../../src/tools/vnc.js';
import { thrownBy } from '../support/build.js';

const spec: VmSpec = {
  name: 'bake-windows-image-test',
  accel: 'kvm',
  memoryMiB: 4096,
  cpus: 4,
  firmware: { type: 'bios' },
  disk: { path: '/work/disk.qcow2', unsafeCache: true },
  cdroms: ['/isos/win.iso'],
  sshHostPort: 40222,
  qmpSocket: '/work/qmp.sock',
  serialLog: '/work/serial.log',
};

function vncOf(args: string[]): string[] {
  return args.flatMap((arg, i) => (arg === '-vnc' ? [args[i + 1]!] : []));
}

describe('--vnc addresses', () => {
  it.each([
    ['127.0.0.1:5901', { type: 'tcp', host: '127.0.0.1', port: 5901 }],
    ['localhost:5900', { type: 'tcp', host: '127.0.0.1', port: 5900 }],
    ['[::1]:6000', { type: 'tcp', host: '::1', port: 6000 }],
    ['5905', { type: 'tcp', host: '127.0.0.1', port: 5905 }],
    ['unix:/run/bake/vnc.sock', { type: 'unix', path: '/run/bake/vnc.sock' }],
  ])('%s is %j', (text, address) => {
    expect(parseVncAddress(text)).toEqual(address);
  });

  it.each([
    ['0.0.0.0:5901', /0\.0\.0\.0 is not loopback/],
    [':5901', /every interface is not loopback/],
    ['192.168.1.5:5901', /192\.168\.1\.5 is not loopback/],
    ['127.0.0.1:80', /port 80 is not between 5900 and 65535/],
    ['127.0.0.1:70000', /port 70000 is not between/],
    ['unix:', /needs a socket path/],
    ['127.0.0.1', /is not HOST:PORT or unix:PATH/],
  ])('refuses %s', (text, message) => {
    const parsed = parseVncAddress(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('is off by default: no -vnc', () => {
    expect(vncOf(qemuArgs(spec))).toEqual([]);
  });

  it('gives QEMU a display number (port - 5900) for TCP, the socket path for unix', () => {
    expect(vncOf(qemuArgs({ ...spec, vnc: { type: 'tcp', host: '127.0.0.1', port: 5901 } }))).toEqual([
      '127.0.0.1:1',
    ]);
    expect(vncOf(qemuArgs({ ...spec, vnc: { type: 'tcp', host: '::1', port: 5900 } }))).toEqual(['[::1]:0']);
    expect(vncOf(qemuArgs({ ...spec, vnc: { type: 'unix', path: '/tmp/a,b/vnc.sock' } }))).toEqual([
      'unix:/tmp/a,,b/vnc.sock',
    ]);
    expect(vncDisplayName({ type: 'tcp', host: '127.0.0.1', port: 5901 })).toBe('127.0.0.1:5901');
  });

  it('a non-loopback --vnc is a usage error that names the fix, in the CLI and the library', () => {
    const cli = thrownBy(() =>
      optionsFromStrings(
        { iso: 'a.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2', vnc: '0.0.0.0:5901' },
        'cli',
      ),
    );
    expect(cli.exitCode).toBe(2);
    expect(cli.message).toMatch(/--vnc.*0\.0\.0\.0 is not loopback/);
    expect(cli.hint).toMatch(/--vnc 127\.0\.0\.1:5901 .*ssh -L 5901:127\.0\.0\.1:5901/);
    const library = thrownBy(() =>
      resolveOptions({ iso: 'a', virtioWinIso: 'b', output: 'c', vnc: '10.0.0.1:5901' }),
    );
    expect(library.message).toMatch(/vnc.*10\.0\.0\.1 is not loopback/);
    expect(resolveOptions({ iso: 'a', virtioWinIso: 'b', output: 'c', vnc: '127.0.0.1:5901' }).vnc).toBe(
      '127.0.0.1:5901',
    );
  });

  it('the action has no vnc input', () => {
    expect(() =>
      optionsFromStrings(
        { iso: 'a.iso', 'virtio-win-iso': 'v.iso', output: 'o', vnc: '127.0.0.1:5901' },
        'action',
      ),
    ).toThrow(/Unknown option "vnc"/);
  });
});

describe('--screenshot-interval', () => {
  it('defaults to 30 s, takes 0 (off), refuses more than an hour', () => {
    const required = { iso: 'a.iso', 'virtio-win-iso': 'v.iso', output: 'o.qcow2' };
    expect(optionsFromStrings(required, 'cli').screenshotIntervalSeconds).toBe(30);
    expect(
      optionsFromStrings({ ...required, 'screenshot-interval': '0' }, 'cli').screenshotIntervalSeconds,
    ).toBe(0);
    expect(
      optionsFromStrings({ ...required, 'screenshot-interval': '5' }, 'action').screenshotIntervalSeconds,
    ).toBe(5);
    const error = thrownBy(() => optionsFromStrings({ ...required, 'screenshot-interval': '3601' }, 'cli'));
    expect(error.message).toMatch(/--screenshot-interval: 3601 is out of range \(0 to 3600\)/);
  });
});
