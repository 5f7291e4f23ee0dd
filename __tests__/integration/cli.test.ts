/**
 * The bundled CLI, spawned as a user runs it, with real xorrisofs and qemu-img: usage errors (exit 2),
 * build failures (exit 1) that leave nothing behind, and the dry run with its answer medium.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { kvmUsable } from '../../src/tools/kvm-access.js';
import {
  isRoot,
  jolietNames,
  makeIso,
  readJolietFile,
  runCli,
  tempDir,
  type CliRun,
} from '../support/cli.js';
import { makeMsi } from '../support/msi.js';
import { genisoimageUdf } from '../support/media.js';
import { makeVirtioIso, makeWindowsIso, virtioFiles, WIN11_24H2 } from '../support/windows-media.js';

const PASSWORD = `p&ss<w>"rd'`;
let dir: string;
let windowsIso: string;
let virtioIso: string;
let scratch: string;
let tmp: string;

beforeAll(async () => {
  dir = tempDir('cli');
  windowsIso = await makeWindowsIso(dir, 'windows', [
    { name: 'Windows 11 Home', properties: { ...WIN11_24H2, 'WINDOWS/EDITIONID': 'Core' } },
    { name: 'Windows 11 Pro', properties: WIN11_24H2 },
    { name: 'Windows 11 Pro (arm64)', properties: { ...WIN11_24H2, 'WINDOWS/ARCH': '12' } },
  ]);
  virtioIso = makeVirtioIso(dir);
  scratch = path.join(dir, 'scratch');
  tmp = path.join(dir, 'tmp');
  mkdirSync(scratch);
  mkdirSync(tmp);
  // Unprivileged runs (uid nobody) below must reach the fixtures.
  chmodSync(dir, 0o755);
  chmodSync(tmp, 0o1777);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The child's temp dir is private, so leftovers of a dry run would show up there. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, TMPDIR: tmp });

function base(output: string, extra: string[] = []): string[] {
  return [
    'build-image',
    '--iso',
    windowsIso,
    '--virtio-win-iso',
    virtioIso,
    '--output',
    output,
    '--accel',
    'tcg',
    '--firmware',
    'bios',
    '--disk-size',
    '512',
    '--dry-run',
    ...extra,
  ];
}

function freshOutput(name: string): string {
  return path.join(scratch, name, 'image.qcow2');
}

function expectNoLeftovers(output: string): void {
  expect(existsSync(output)).toBe(false);
  expect(readdirSync(tmp)).toEqual([]);
}

function expectFailure(run: CliRun, code: number, message: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringMatching(message) });
  expect(run.stderr).toMatch(/hint: /);
  expect(run.stdout).toBe('');
}

describe('usage errors exit 2', () => {
  it('prints help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--virtio-win-iso PATH/);
    expect(run.stdout).toMatch(/Exit codes: 0 built/);
  });

  it.each(['--iso', '--virtio-win-iso', '--output'])('requires %s', async (flag) => {
    const args = base(freshOutput('required'));
    const index = args.indexOf(flag);
    args.splice(index, 2);
    const run = await runCli(args, { env: env() });
    expectFailure(run, 2, new RegExp(`error: ${flag} is required`));
    expectNoLeftovers(freshOutput('required'));
  });

  it('rejects an unknown flag', async () => {
    const run = await runCli([...base(freshOutput('unknown')), '--frobnicate'], { env: env() });
    expectFailure(run, 2, /Unknown option '--frobnicate'/);
  });

  it('rejects an unknown command', async () => {
    expectFailure(await runCli(['bake']), 2, /Unknown command "bake"/);
    expectFailure(await runCli([]), 2, /No command given/);
  });

  it.each([
    [['--disk-size', 'lots'], /--disk-size: "lots" is not a whole number/],
    [['--disk-size', '0'], /--disk-size: 0 is out of range/],
    [['--disk-size', '-1'], /--disk-size/],
    [['--disk-size', '3000000000'], /--disk-size: 3000000000 is out of range/],
    [['--build-timeout', '0'], /--build-timeout: 0 is out of range/],
    [['--memory', '64'], /--memory: 64 is out of range/],
    [['--cpus', '0'], /--cpus: 0 is out of range/],
    [['--hostname', 'this-is-too-long-a-name'], /longer than 15/],
    [['--hostname', '2024'], /only digits/],
    [['--hostname', 'a*b'], /may not have/],
    [['--username', ''], /--username: must not be empty/],
    [['--username', 'a-twenty-one-chars-xx'], /longer than 20/],
    [['--username', 'Administrator'], /reserves/],
    [['--username', 'a@b'], /"@", which Windows forbids/],
    [['--password', ''], /--password: must not be empty/],
    [['--edition', ''], /--edition: must not be empty/],
    [['--firmware', 'efi'], /--firmware: "efi" is not one of uefi, uefi-secure, bios/],
    [['--accel', 'whpx'], /--accel/],
    [['--disk-size'], /--disk-size/],
    [['--provision', 'setup.sh'], /--provision: cannot tell how to run "setup\.sh"/],
    [['--provision', 'a.ps1', '--provision', 'b.exe'], /--provision: cannot tell how to run "b\.exe"/],
    [['--upload', 'tools=tools'], /Upload "tools=tools" is not SRC=DEST/],
    [['--update-rounds', '0'], /--update-rounds: 0 is out of range/],
    [['--update-timeout', '10'], /--update-timeout: 10 is out of range/],
  ])('rejects %j', async (extra, message) => {
    const output = freshOutput('bad-value');
    const run = await runCli([...base(output), ...extra], { env: env() });
    expectFailure(run, 2, message);
    expectNoLeftovers(output);
  });

  it('reports usage errors as JSON with --json', async () => {
    const run = await runCli([...base(freshOutput('json')), '--cpus', 'many', '--json'], { env: env() });
    expect(run.code).toBe(2);
    const payload = JSON.parse(run.stdout);
    expect(payload).toEqual({
      ok: false,
      error: {
        code: 'invalid-option',
        message: expect.stringMatching(/--cpus/),
        hint: expect.any(String),
        exitCode: 2,
      },
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('build failures exit 1 and leave nothing behind', () => {
  it('refuses a provisioning script or an upload source that does not exist, before anything starts', async () => {
    for (const [extra, message] of [
      [['--provision', path.join(dir, 'nope.ps1')], /--provision .*nope\.ps1: no such file/],
      [
        ['--upload', `${path.join(dir, 'nope')}=C:\\tools`],
        /--upload .*nope=C:\\tools: no such file or directory/,
      ],
    ] as const) {
      const output = freshOutput('missing-baseline');
      const run = await runCli([...base(output), ...extra], { env: env() });
      expectFailure(run, 1, message);
      expectNoLeftovers(output);
    }
  });

  it('refuses a missing ISO', async () => {
    const output = freshOutput('missing-iso');
    const args = base(output);
    args[args.indexOf('--iso') + 1] = path.join(dir, 'nope.iso');
    const run = await runCli(args, { env: env() });
    expectFailure(run, 1, /--iso .*nope\.iso: no such file/);
    expectNoLeftovers(output);
  });

  it('refuses a directory as the ISO', async () => {
    const args = base(freshOutput('dir-iso'));
    args[args.indexOf('--virtio-win-iso') + 1] = dir;
    expectFailure(await runCli(args, { env: env() }), 1, /--virtio-win-iso .* is a directory/);
  });

  it('refuses a file that is not a disc image', async () => {
    const notIso = path.join(dir, 'not-an.iso');
    writeFileSync(notIso, Buffer.alloc(64 * 1024, 7));
    const args = base(freshOutput('not-iso'));
    args[args.indexOf('--iso') + 1] = notIso;
    expectFailure(await runCli(args, { env: env() }), 1, /is not an ISO 9660 or UDF disc image/);
  });

  it('refuses a truncated ISO', async () => {
    const short = path.join(dir, 'short.iso');
    writeFileSync(short, readFileSync(windowsIso).subarray(0, 16 * 2048));
    const args = base(freshOutput('short'));
    args[args.indexOf('--iso') + 1] = short;
    expectFailure(await runCli(args, { env: env() }), 1, /not an ISO 9660 or UDF/);
  });

  it('refuses the same file as both ISOs', async () => {
    const link = path.join(dir, 'same-link.iso');
    symlinkSync(windowsIso, link);
    const args = base(freshOutput('same'));
    args[args.indexOf('--virtio-win-iso') + 1] = link;
    expectFailure(await runCli(args, { env: env() }), 1, /--iso and --virtio-win-iso are the same file/);
  });

  it('refuses an existing, non-empty output and leaves it untouched', async () => {
    const output = path.join(scratch, 'existing.qcow2');
    writeFileSync(output, 'precious');
    expectFailure(await runCli(base(output), { env: env() }), 1, /already exists and is not empty/);
    expect(readFileSync(output, 'utf8')).toBe('precious');
  });

  it('refuses a directory as the output', async () => {
    expectFailure(await runCli(base(scratch), { env: env() }), 1, /--output .* is a directory/);
  });

  it('names the apt-get and dnf command when xorrisofs is missing', async () => {
    const bin = path.join(dir, 'bin-no-xorriso');
    mkdirSync(bin);
    symlinkSync(
      execFileSync('sh', ['-c', 'command -v qemu-img'], { encoding: 'utf8' }).trim(),
      path.join(bin, 'qemu-img'),
    );
    const run = await runCli(base(freshOutput('no-xorriso')), { env: { ...env(), PATH: bin } });
    expectFailure(run, 1, /xorrisofs was not found on PATH/);
    expect(run.stderr).toMatch(/sudo apt-get install -y xorriso/);
    expect(run.stderr).toMatch(/sudo dnf install -y xorriso/);
    expectNoLeftovers(freshOutput('no-xorriso'));
  });

  it('names the apt-get command when qemu-img is missing', async () => {
    const bin = path.join(dir, 'bin-no-qemu-img');
    mkdirSync(bin);
    symlinkSync(
      execFileSync('sh', ['-c', 'command -v xorrisofs'], { encoding: 'utf8' }).trim(),
      path.join(bin, 'xorrisofs'),
    );
    const run = await runCli(base(freshOutput('no-qemu-img')), { env: { ...env(), PATH: bin } });
    expectFailure(run, 1, /qemu-img was not found on PATH/);
    expect(run.stderr).toMatch(/apt-get install -y qemu-utils/);
  });

  it('explains KVM and names --accel tcg when KVM is not usable', async () => {
    if (kvmUsable().ok) return; // this host has KVM: the error path cannot be reached here
    const args = base(freshOutput('kvm'));
    args[args.indexOf('--accel') + 1] = 'auto';
    const run = await runCli(args, { env: env() });
    expectFailure(run, 1, /KVM is not usable/);
    expect(run.stderr).toMatch(/--accel tcg/);
  });

  it('fails clearly on a filesystem without room', async () => {
    if (!isRoot) return; // mounting a small tmpfs needs root (CI runs as root)
    const small = path.join(dir, 'small-fs');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small]);
    try {
      const output = path.join(small, 'out', 'image.qcow2');
      const run = await runCli(base(output), { env: env() });
      expectFailure(run, 1, /Only .* free on the filesystem of .*small-fs; the build needs at least/);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  describe('as an unprivileged user', () => {
    const nobody = { uid: 65534, gid: 65534 };
    it('refuses an unreadable ISO', async () => {
      if (!isRoot) return; // needs root to switch to another user
      const secret = path.join(dir, 'private.iso');
      writeFileSync(secret, readFileSync(windowsIso));
      chmodSync(secret, 0o600);
      const args = base(path.join(tmp, 'unreadable.qcow2'));
      args[args.indexOf('--iso') + 1] = secret;
      expectFailure(
        await runCli(args, { env: env(), ...nobody }),
        1,
        /private\.iso cannot be read|permission denied/,
      );
    });

    it('refuses an output whose directory is not writable', async () => {
      if (!isRoot) return;
      const locked = path.join(dir, 'locked');
      mkdirSync(locked, { mode: 0o755 });
      const run = await runCli(base(path.join(locked, 'sub', 'image.qcow2')), { env: env(), ...nobody });
      expectFailure(run, 1, /Cannot write to .*locked/);
      expect(readdirSync(locked)).toEqual([]);
    });
  });
});

describe('the password, off the command line', () => {
  /** The password in the kept answer file of a dry run with these flags and environment. */
  async function renderedPassword(name: string, extra: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    const work = path.join(dir, `password-${name}`);
    const run = await runCli(
      base(freshOutput(`password-${name}`), [...extra, '--work-dir', work, '--keep-work-dir']),
      {
        env: { ...env(), ...extraEnv },
      },
    );
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const xml = readFileSync(path.join(work, 'autounattend.xml'), 'utf8');
    // Read by hand: an XML parser would trim the value's spaces, which are part of the password.
    const value = xml.match(/<LocalAccounts>[\s\S]*?<Password>\s*<Value>([^<]*)<\/Value>/)![1]!;
    const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return { run, password: value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => entities[name]!) };
  }

  it('--password-file: the file as it is, less one trailing newline', async () => {
    const file = path.join(dir, 'password.txt');
    writeFileSync(file, ` ${PASSWORD} \n`, { mode: 0o600 });
    const { run, password } = await renderedPassword('file', ['--password-file', file]);
    expect(password).toBe(` ${PASSWORD} `);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toMatch(/default password/);
  });

  it('BAKE_WINDOWS_PASSWORD, untrimmed', async () => {
    const { password } = await renderedPassword('env', [], {
      BAKE_WINDOWS_PASSWORD: `${PASSWORD} `,
    });
    expect(password).toBe(`${PASSWORD} `);
  });

  it('the default password works, with a warning', async () => {
    const { run, password } = await renderedPassword('default', []);
    expect(password).toBe('smolvm');
    expect(run.stderr).toMatch(/warning: The guest's password is the default/);
  });

  it('two sources are a usage error; an unreadable file is a build error', async () => {
    const file = path.join(dir, 'password.txt');
    const twice = await runCli(base(freshOutput('twice'), ['--password', 'a-b-c', '--password-file', file]), {
      env: env(),
    });
    expectFailure(twice, 2, /The password is given twice: --password and --password-file/);
    const withEnv = await runCli(base(freshOutput('twice-env'), ['--password', 'a-b-c']), {
      env: { ...env(), BAKE_WINDOWS_PASSWORD: 'x-y-z' },
    });
    expectFailure(withEnv, 2, /given twice: --password and BAKE_WINDOWS_PASSWORD/);
    const missing = await runCli(base(freshOutput('missing'), ['--password-file', path.join(dir, 'nope')]), {
      env: env(),
    });
    expectFailure(missing, 1, /--password-file .*nope: ENOENT/);
    expectNoLeftovers(freshOutput('missing'));
  });
});

describe('dry run', () => {
  it('renders and packs the answer medium, prints the plan, creates nothing at --output', async () => {
    const work = path.join(dir, 'work-kept');
    const output = freshOutput('dry');
    const run = await runCli(
      base(output, [
        '--password',
        PASSWORD,
        '--username',
        'Build User',
        '--hostname',
        'bake-01',
        '--work-dir',
        work,
        '--keep-work-dir',
      ]),
      { env: env() },
    );
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing was built\./);
    expect(run.stdout).toMatch(/qemu-system-x86_64 .*-machine q35/);
    expect(run.stdout).toContain(`file=${path.join(work, 'autounattend.iso')}`);
    expect(run.stderr).toMatch(/==> Writing the answer medium/);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(existsSync(path.dirname(output))).toBe(false);

    // Setup reads Joliet names: the answer file must be there under its long name.
    const iso = path.join(work, 'autounattend.iso');
    expect(jolietNames(iso)).toEqual(expect.arrayContaining(['/autounattend.xml', '/first-logon.ps1']));
    expect(execFileSync('isoinfo', ['-d', '-i', iso], { encoding: 'utf8' })).toMatch(
      /Volume id: AUTOUNATTEND/,
    );
    const xml = readJolietFile(iso, '/autounattend.xml');
    expect(xml).toBe(readFileSync(path.join(work, 'autounattend.xml'), 'utf8'));
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const text = JSON.stringify(parsed);
    expect(text).toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(text).toContain('Build User');
    expect(text).toContain('bake-01');
    expect(text).toContain('Windows 11 Pro');
    expect(readJolietFile(iso, '/first-logon.ps1')).not.toContain(PASSWORD);
  });

  it('prints the plan as one JSON object and removes its work dir', async () => {
    const output = freshOutput('dry-json');
    const run = await runCli(base(output, ['--json', '--password', PASSWORD, '--firmware', 'uefi']), {
      env: env(),
    });
    expect(run.code).toBe(0);
    const payload = JSON.parse(run.stdout);
    expect(payload.ok).toBe(true);
    expect(payload.dryRun).toBe(true);
    expect(payload.plan.options.password).toBe('***');
    expect(payload.plan.qemu[0]).toBe('qemu-system-x86_64');
    expect(payload.plan.qemu.join(' ')).toMatch(/if=pflash,format=raw,unit=0,readonly=on,file=\/\S+OVMF/);
    expect(payload.plan.qemu).not.toContain('-no-reboot');
    expect(run.stdout).not.toContain(PASSWORD);
    expectNoLeftovers(output);
  });

  it('allows an existing empty output', async () => {
    const output = path.join(scratch, 'empty.qcow2');
    writeFileSync(output, '');
    const run = await runCli(base(output), { env: env() });
    expect(run.code).toBe(0);
    expect(readFileSync(output)).toHaveLength(0);
  });

  it('warns (but goes on) when the disk is smaller than Windows needs', async () => {
    const run = await runCli(base(freshOutput('small-disk')), { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: --disk-size 512 MiB is below the 65536 MiB/);
  });
});

describe('the OpenSSH MSI', () => {
  it('goes on the answer medium under openssh/, read in place', async () => {
    const msi = makeMsi(dir);
    const work = path.join(dir, 'work-msi');
    const run = await runCli(
      base(freshOutput('msi'), ['--openssh-msi', msi, '--work-dir', work, '--keep-work-dir']),
      { env: env() },
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stderr).not.toMatch(/Windows Update/);
    const iso = path.join(work, 'autounattend.iso');
    expect(jolietNames(iso)).toEqual(
      expect.arrayContaining([
        '/autounattend.xml',
        '/first-logon.ps1',
        '/openssh/OpenSSH-Win64-v9.8.3.0.msi',
      ]),
    );
    const onMedium = execFileSync('isoinfo', ['-J', '-i', iso, '-x', '/openssh/OpenSSH-Win64-v9.8.3.0.msi']);
    expect(onMedium.equals(readFileSync(msi))).toBe(true);
    expect(readdirSync(work)).not.toContain('OpenSSH-Win64-v9.8.3.0.msi');
  });

  it('is left off for Windows Server 2025, whose sshd is built in', async () => {
    const work = path.join(dir, 'work-msi-2k25');
    const run = await runCli(
      base(freshOutput('msi-2k25'), [
        '--openssh-msi',
        makeMsi(dir, 'OpenSSH-Win64-other.msi'),
        '--os',
        '2k25',
        '--work-dir',
        work,
        '--keep-work-dir',
      ]),
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Windows Server 2025 has OpenSSH Server built in/);
    expect(jolietNames(path.join(work, 'autounattend.iso')).some((name) => name.startsWith('/openssh'))).toBe(
      false,
    );
  });

  it('without one, warns that the guest needs Windows Update', async () => {
    const run = await runCli(base(freshOutput('no-msi')), { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /warning: No --openssh-msi: Windows 11 will install OpenSSH Server from Windows Update/,
    );
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing', 'OpenSSH-Win64.msi'), 1, /no such file/],
    [
      'a file that is no MSI',
      () => {
        const file = path.join(dir, 'OpenSSH-Win64-fake.msi');
        writeFileSync(file, 'MZ not an installer');
        return file;
      },
      1,
      /is not a Windows Installer \(\.msi\) package/,
    ],
    [
      'a 32-bit package',
      () => makeMsi(dir, 'OpenSSH-Win32-v9.8.3.0.msi'),
      1,
      /another CPU \(the guest is x64\)/,
    ],
    ['a zip', () => path.join(dir, 'OpenSSH-Win64.zip'), 2, /is not an \.msi file/],
  ])('refuses %s', async (_name, file, code, message) => {
    const output = freshOutput(`msi-bad-${code}-${String(message).length}`);
    const run = await runCli(base(output, ['--openssh-msi', file()]), { env: env() });
    expectFailure(run, code, message);
    expectNoLeftovers(output);
  });
});

describe('--keep-firmware-state', () => {
  it('is refused with BIOS firmware, which has no state to keep', async () => {
    const run = await runCli(base(freshOutput('fw-bios'), ['--keep-firmware-state']), { env: env() });
    expectFailure(run, 2, /--keep-firmware-state: needs UEFI firmware/);
  });

  it('refuses to overwrite kept state that is already there', async () => {
    const output = freshOutput('fw-exists');
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileSync(output.replace(/\.qcow2$/, '.efivars.fd'), 'old vars');
    const run = await runCli(base(output, ['--firmware', 'uefi', '--keep-firmware-state']), { env: env() });
    expectFailure(run, 1, /image\.efivars\.fd already exists \(for --keep-firmware-state\)/);
    expect(readFileSync(output.replace(/\.qcow2$/, '.efivars.fd'), 'utf8')).toBe('old vars');
  });
});

describe('the Windows and virtio-win media', () => {
  it('list-editions prints the images of a UDF-only install.wim', async () => {
    const run = await runCli(['list-editions', '--iso', windowsIso]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^3 images in sources\/install\.wim of .*windows\.iso \(udf\); --edition takes the NAME:/,
    );
    expect(run.stdout).toMatch(/^INDEX\s+NAME\s+EDITION\s+VERSION\s+ARCH\s+TYPE\s+LANGUAGES\s+OS$/m);
    expect(run.stdout).toMatch(
      /^2\s+Windows 11 Pro\s+Professional\s+10\.0\.26100\.1742\s+amd64\s+Client\s+en-US\s+w11$/m,
    );
    expect(run.stdout).toMatch(/^3\s+Windows 11 Pro \(arm64\)\s+Professional\s+\S+\s+arm64/m);
  });

  it('list-editions --json prints one object', async () => {
    const run = await runCli(['list-editions', '--iso', windowsIso, '--json']);
    expect(run.code).toBe(0);
    const payload = JSON.parse(run.stdout);
    expect(payload).toMatchObject({
      ok: true,
      installImage: { path: '/sources/install.wim', fileSystem: 'udf', solid: false },
    });
    expect(payload.images.map((image: { name: string }) => image.name)).toEqual([
      'Windows 11 Home',
      'Windows 11 Pro',
      'Windows 11 Pro (arm64)',
    ]);
    expect(payload.images[1]).toMatchObject({
      index: 2,
      editionId: 'Professional',
      version: { major: 10, minor: 0, build: 26100, spBuild: 1742 },
      arch: 'amd64',
      languages: ['en-US'],
      os: 'w11',
    });
  });

  it.each([
    [['list-editions'], /--iso is required/],
    [
      ['list-editions', '--iso', 'x.iso', '--output', 'y'],
      /list-editions takes only --iso and --json, not --output/,
    ],
  ])('list-editions %j is a usage error', async (args, message) => {
    expectFailure(await runCli(args), 2, message);
  });

  it('list-editions on a disc without install.wim says what is wrong', async () => {
    expectFailure(
      await runCli(['list-editions', '--iso', virtioIso]),
      1,
      /has no sources\/install\.wim or sources\/install\.esd/,
    );
  });

  it('an --edition the ISO does not have fails before anything is made, listing what it has', async () => {
    const output = freshOutput('bad-edition');
    const run = await runCli(base(output, ['--edition', 'windows 11 pro']), { env: env() });
    expectFailure(
      run,
      2,
      /--edition "windows 11 pro" is not an image of .* \(did you mean "Windows 11 Pro"\?\)/,
    );
    expect(run.stderr).toMatch(/^1\s+Windows 11 Home/m);
    expect(run.stderr).toMatch(/list-editions --iso/);
    expectNoLeftovers(output);
  });

  it('derives the Windows version from the image, not its name', async () => {
    const run = await runCli(base(freshOutput('derived'), ['--json']), { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).plan.os).toBe('w11');
    expect(run.stderr).toMatch(
      /Windows image #2 "Windows 11 Pro" \(Professional, build 26100, Client\) in sources\/install\.wim \(udf\)/,
    );
    expect(run.stderr).toMatch(/virtio-win 0\.1\.262: drivers for w11 present/);
  });

  it('refuses an image for another CPU', async () => {
    const run = await runCli(base(freshOutput('arm'), ['--edition', 'Windows 11 Pro (arm64)']), {
      env: env(),
    });
    expectFailure(run, 1, /is for arm64; this builder makes x64/);
  });

  it('refuses a virtio-win ISO without the drivers this Windows needs, naming them', async () => {
    const partial = makeIso(
      dir,
      'virtio-partial',
      'virtio-win-0.1.262',
      virtioFiles(['vioscsi'], ['w10', 'w11']),
    );
    const output = freshOutput('virtio-partial');
    const run = await runCli(
      base(output, []).map((arg) => (arg === virtioIso ? partial : arg)),
      { env: env() },
    );
    expectFailure(run, 1, /has no NetKVM\/w11\/amd64 driver for Windows 11/);
    expectNoLeftovers(output);
  });

  it('refuses a virtio-win release too old for a 24H2 build, naming the version found', async () => {
    const old = makeIso(dir, 'virtio-old', 'virtio-win-0.1.248', virtioFiles(['vioscsi', 'NetKVM'], ['w11']));
    const run = await runCli(
      base(freshOutput('virtio-old')).map((arg) => (arg === virtioIso ? old : arg)),
      { env: env() },
    );
    expectFailure(run, 1, /virtio-win 0\.1\.248 is too old for Windows 11 build 26100/);
    expect(run.stderr).toMatch(/hint: Use virtio-win 0\.1\.258 or newer/);
  });

  it('recognises a Windows ISO given as the virtio-win ISO', async () => {
    const other = await genisoimageUdf(path.join(dir, 'windows-tree'), path.join(dir, 'windows-copy.iso'), {
      label: 'CCCOMA_X64FRE_EN-US_DV9',
    });
    const run = await runCli(
      base(freshOutput('swapped')).map((arg) => (arg === virtioIso ? other : arg)),
      { env: env() },
    );
    expectFailure(run, 1, /has no vioscsi\/w11\/amd64, NetKVM\/w11\/amd64 driver/);
    expect(run.stderr).toMatch(/That looks like a Windows ISO/);
  });
});
