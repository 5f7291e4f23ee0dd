/**
 * `bake-windows-image build-image …`: flags → options → builder. Exit codes: 0 built, 1 build failed,
 * 2 invalid usage. With --json, stdout carries exactly one JSON object (result or error); progress goes to
 * stderr either way.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WindowsImageBuilder, type BuildResult } from '../bake/builder.js';
import { optionsFromStrings, type RawOptions } from '../bake/validate.js';
import { asBuildError, BuildError, ExitCode } from '../errors.js';
import { formatBytes, formatDuration, redact, type Logger } from '../log.js';
import { readWindowsImages } from '../media/install-image.js';
import { formatImageTable, osForImage } from '../media/windows-media.js';
import { formatCommand } from '../tools/qemu.js';
import { VERSION } from '../version.js';

const OPTION_SPEC = {
  iso: { type: 'string' },
  'virtio-win-iso': { type: 'string' },
  output: { type: 'string', short: 'o' },
  username: { type: 'string' },
  password: { type: 'string' },
  hostname: { type: 'string' },
  edition: { type: 'string' },
  os: { type: 'string' },
  'disk-size': { type: 'string' },
  'build-timeout': { type: 'string' },
  memory: { type: 'string' },
  cpus: { type: 'string' },
  accel: { type: 'string' },
  firmware: { type: 'string' },
  timezone: { type: 'string' },
  locale: { type: 'string' },
  'product-key': { type: 'string' },
  'openssh-msi': { type: 'string' },
  'keep-firmware-state': { type: 'boolean' },
  'work-dir': { type: 'string' },
  'keep-work-dir': { type: 'boolean' },
  'no-compress': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const USAGE = `Usage: bake-windows-image build-image --iso PATH --virtio-win-iso PATH --output PATH [options]
       bake-windows-image list-editions --iso PATH [--json]

Bakes a ready-to-boot Windows qcow2 from a stock Windows ISO, unattended, under QEMU/KVM.

Required:
  --iso PATH               Windows installation ISO
  --virtio-win-iso PATH    virtio-win driver ISO
  --output PATH, -o PATH   where the finished qcow2 appears (refused if it exists and is not empty)

Guest:
  --username NAME          local administrator account (default: smolvm)
  --password TEXT          its password (default: smolvm; never logged)
  --hostname NAME          computer name, 1-15 letters, digits, hyphens (default: smolvm-win)
  --edition NAME           image name in sources/install.wim (default: "Windows 11 Pro")
  --os w10|w11|2k19|2k22|2k25  Windows version (default: derived from --edition)
  --timezone ID            Windows time zone id (default: UTC)
  --locale NAME            input/system/UI locale (default: en-US)
  --product-key KEY        XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (default: none, Setup picks by --edition)
  --openssh-msi PATH       Win32-OpenSSH MSI (OpenSSH-Win64-v….msi) installed offline in the guest
                           (default: none; the guest then needs Windows Update, except Server 2025)

VM:
  --disk-size MIB          virtual disk size in MiB, grown on demand (default: 65536)
  --memory MIB             guest memory in MiB (default: 4096)
  --cpus N                 virtual CPUs (default: 4)
  --accel auto|kvm|tcg     auto = kvm when /dev/kvm is usable (default: auto); tcg is for tests only
  --firmware uefi|uefi-secure|bios  (default: uefi)
  --build-timeout SECONDS  limit for the whole build (default: 2700)
  --keep-firmware-state    keep the UEFI vars (and uefi-secure's TPM state) next to the image:
                           <output>.efivars.fd, <output>.tpm/ (output without .qcow2)

Build:
  --work-dir DIR           scratch directory (default: a private one next to --output)
  --keep-work-dir          keep it afterwards (it holds the answer file, with the password)
  --no-compress            do not zstd-compress the finished qcow2
  --dry-run                check everything, write the answer medium, print the plan; build nothing
  --json                   print one JSON object on stdout (result or error)
  --verbose, -v            more detail
  --help, -h  --version

list-editions prints the images of the ISO's sources/install.wim (or .esd): their NAME is what --edition takes.

Exit codes: 0 built (or planned, or listed), 1 build failed, 2 invalid usage.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function humanLogger(io: CliIo, verbose: boolean): Logger {
  const started = Date.now();
  const stamp = (): string => `[${formatDuration(Date.now() - started).padStart(8)}]`;
  return {
    phase: (title) => io.stderr(`${stamp()} ==> ${title}\n`),
    info: (message) => io.stderr(`${stamp()}     ${message}\n`),
    warn: (message) => io.stderr(`${stamp()} warning: ${message}\n`),
    debug: (message) => {
      if (verbose) io.stderr(`${stamp()}     ${message}\n`);
    },
  };
}

/** Runs the CLI; resolves to the exit code. Never calls process.exit (the entry point does). */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  signal?: AbortSignal,
): Promise<number> {
  const wantsJson = argv.includes('--json');
  let password: string | undefined;
  const fail = (error: unknown): number => {
    const buildError = asBuildError(error);
    const secrets = password ? [password] : [];
    if (wantsJson) {
      const payload = { ok: false, error: buildError.toJSON() };
      io.stdout(redact(JSON.stringify(payload), secrets) + '\n');
    } else {
      io.stderr(redact(`error: ${buildError.message}\n`, secrets));
      if (buildError.hint) io.stderr(redact(`hint: ${buildError.hint}\n`, secrets));
      if (buildError.exitCode === ExitCode.Usage)
        io.stderr(`Run 'bake-windows-image --help' for all options.\n`);
    }
    return buildError.exitCode;
  };

  try {
    const parsed = parseCommandLine(argv);
    if (parsed.values.help) {
      io.stdout(USAGE + '\n');
      return ExitCode.Success;
    }
    if (parsed.values.version) {
      io.stdout(`${VERSION}\n`);
      return ExitCode.Success;
    }
    const [command, ...extra] = parsed.positionals;
    if (command === 'list-editions' && extra.length === 0) {
      return await listEditions(parsed.values, io);
    }
    if (command !== 'build-image' && command !== 'list-editions') {
      throw new BuildError(
        'usage',
        command === undefined ? 'No command given' : `Unknown command "${command}"`,
        {
          hint: 'The commands are build-image (bake-windows-image build-image --iso … --virtio-win-iso … --output …) and list-editions (--iso …).',
        },
      );
    }
    if (extra.length > 0) {
      throw new BuildError('usage', `Unexpected argument "${extra[0]}"`, {
        hint: 'Every value belongs to a flag; quote values that contain spaces.',
      });
    }
    const { json, verbose, 'no-compress': noCompress, ...rest } = parsed.values;
    password = rest.password;
    const raw: RawOptions = { ...rest, compress: noCompress ? false : undefined };
    const options = optionsFromStrings(raw);
    const builder = new WindowsImageBuilder(options, humanLogger(io, verbose === true));
    const result = await builder.build(signal);
    if (json) io.stdout(JSON.stringify({ ok: true, ...resultJson(result) }) + '\n');
    else io.stdout(resultText(result));
    return ExitCode.Success;
  } catch (error) {
    return fail(error);
  }
}

/** `list-editions --iso X [--json]`: the images Setup can install from X, read without extracting anything. */
async function listEditions(
  values: ReturnType<typeof parseCommandLine>['values'],
  io: CliIo,
): Promise<number> {
  const { iso, json, ...others } = values;
  const unexpected = Object.keys(others).filter(
    (key) => key !== 'verbose' && others[key as keyof typeof others] !== undefined,
  );
  if (unexpected.length > 0) {
    throw new BuildError('usage', `list-editions takes only --iso and --json, not --${unexpected[0]}`, {
      hint: 'bake-windows-image list-editions --iso Win11_24H2_English_x64.iso',
    });
  }
  if (!iso?.trim()) {
    throw new BuildError('usage', '--iso is required', {
      hint: 'bake-windows-image list-editions --iso Win11_24H2_English_x64.iso',
    });
  }
  const media = await readWindowsImages(iso);
  if (json) {
    const images = media.images.map((image) => ({ ...image, os: osForImage(image) ?? null }));
    io.stdout(
      JSON.stringify({
        ok: true,
        iso,
        installImage: {
          path: media.path,
          fileSystem: media.discKind,
          sizeBytes: media.size,
          compression: media.header.compression,
          solid: media.header.solid,
        },
        images,
      }) + '\n',
    );
  } else {
    io.stdout(
      `${media.images.length} image${media.images.length === 1 ? '' : 's'} in ${media.path.slice(1)} of ${iso} (${media.discKind}); --edition takes the NAME:\n${formatImageTable(media.images)}\n`,
    );
  }
  return ExitCode.Success;
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTION_SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages are good ("Unknown option '--x'"); make them a usage error with a hint.
    const message = (error as Error).message.split('. To specify a positional')[0] ?? 'Invalid arguments';
    throw new BuildError('usage', message, { hint: 'Check the flag names and give each a value.' });
  }
}

function resultJson(result: BuildResult): Record<string, unknown> {
  if (result.kind === 'plan') {
    return { dryRun: true, plan: result.plan, durationSeconds: result.durationMs / 1000 };
  }
  return {
    dryRun: false,
    image: result.image,
    os: result.os,
    durationSeconds: result.durationMs / 1000,
  };
}

function resultText(result: BuildResult): string {
  if (result.kind === 'plan') {
    const { plan } = result;
    return [
      'Dry run: nothing was built.',
      `  target:        ${plan.options.edition} (${plan.os}), firmware ${plan.firmware}, accel ${plan.accel}`,
      `  answer medium: ${plan.answerMedium}`,
      `  work dir:      ${plan.workDir}${plan.options.keepWorkDir ? ' (kept)' : ' (removed)'}`,
      `  output:        ${plan.options.output}`,
      '  QEMU command:',
      `    ${formatCommand(plan.qemu)}`,
      '',
    ].join('\n');
  }
  const { image } = result;
  return [
    `Built ${image.path}`,
    `  size:         ${formatBytes(image.sizeBytes)} (virtual ${formatBytes(image.virtualSizeBytes)})`,
    `  sha256:       ${image.sha256}`,
    ...(image.firmwareState ? [`  UEFI vars:    ${image.firmwareState.vars}`] : []),
    ...(image.firmwareState?.tpm ? [`  TPM state:    ${image.firmwareState.tpm}`] : []),
    `  duration:     ${formatDuration(result.durationMs)}`,
    '',
  ].join('\n');
}
