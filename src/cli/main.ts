/**
 * `bake-windows-image build-image …`: flags → options → builder. Exit codes: 0 built, 1 build failed,
 * 2 invalid usage. With --json, stdout carries exactly one JSON object (result or error); progress goes to
 * stderr either way.
 */
import { parseArgs } from 'node:util';
import { WindowsImageBuilder, type BuildResult } from '../bake/builder.js';
import type { BuildOptions } from '../bake/options.js';
import { optionsFromStrings, type RawOptions } from '../bake/validate.js';
import { asBuildError, BuildError, ExitCode } from '../errors.js';
import { formatBytes, formatDuration, redact, silentLogger, type Logger } from '../log.js';
import { readWindowsImages } from '../media/install-image.js';
import { formatImageTable, osForImage } from '../media/windows-media.js';
import { formatCommand } from '../tools/qemu.js';
import { VERSION } from '../version.js';
import { passwordFromSources } from './password.js';
import { PARSE_ARGS_OPTIONS } from './flags.js';
import { NdjsonProgress, progressMode } from './progress.js';
import { runPushImage } from './push-image.js';
import { USAGE } from './usage.js';

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
  // push-image has flags of its own (cli/push-image.ts).
  if (argv.find((arg) => !arg.startsWith('-')) === 'push-image') {
    const at = argv.indexOf('push-image');
    const readStdin = io === processIo ? undefined : () => Promise.resolve('');
    return runPushImage(
      [...argv.slice(0, at), ...argv.slice(at + 1)],
      { ...io, readStdin },
      {
        logger: (verbose) => humanLogger(io, verbose),
        signal,
      },
    );
  }
  const wantsJson = argv.includes('--json');
  // Before parsing: a usage error must come out as an event too.
  const progress = jsonProgressWanted(argv) ? new NdjsonProgress(io.stderr) : undefined;
  let password: string | undefined;
  const fail = (error: unknown): number => {
    const buildError = asBuildError(error);
    const secrets = password ? [password] : [];
    if (progress)
      progress.failure(
        new BuildError(buildError.code, redact(buildError.message, secrets), {
          hint: buildError.hint && redact(buildError.hint, secrets),
        }),
      );
    if (wantsJson) {
      const payload = { ok: false, error: buildError.toJSON() };
      io.stdout(redact(JSON.stringify(payload), secrets) + '\n');
    } else if (!progress) {
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
          hint: 'The commands are build-image (bake-windows-image build-image --iso … --virtio-win-iso … --output …), list-editions (--iso …) and push-image (--image … --ref …).',
        },
      );
    }
    if (extra.length > 0) {
      throw new BuildError('usage', `Unexpected argument "${extra[0]}"`, {
        hint: 'Every value belongs to a flag; quote values that contain spaces.',
      });
    }
    // --help and --version returned above: what is left besides --json and --verbose are build options.
    const { json, verbose, progress: mode, 'password-file': passwordFile, ...buildFlags } = parsed.values;
    progressMode(text(mode));
    password = passwordFromSources({ password: text(buildFlags.password), passwordFile: text(passwordFile) });
    const options = optionsFromStrings({ ...(buildFlags as RawOptions), password }, 'cli');
    const builder = progress
      ? new WindowsImageBuilder(options, silentLogger, undefined, { onEvent: progress.onEvent })
      : new WindowsImageBuilder(options, humanLogger(io, verbose === true));
    const result = await builder.build(signal);
    if (json) io.stdout(JSON.stringify({ ok: true, ...resultJson(result, options) }) + '\n');
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
  if (typeof iso !== 'string' || !iso.trim()) {
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
    return parseArgs({ args: [...argv], options: PARSE_ARGS_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages are good ("Unknown option '--x'"); make them a usage error with a hint.
    const message = (error as Error).message.split('. To specify a positional')[0] ?? 'Invalid arguments';
    throw new BuildError('usage', message, { hint: 'Check the flag names and give each a value.' });
  }
}

function resultJson(result: BuildResult, options: BuildOptions): Record<string, unknown> {
  if (result.kind === 'plan') {
    return { dryRun: true, plan: result.plan, durationSeconds: result.durationMs / 1000 };
  }
  return {
    dryRun: false,
    image: result.image,
    os: result.os,
    // What push-image --metadata reads for the annotations.
    edition: options.edition,
    firmware: options.firmware,
    ...(result.windowsBuild ? { windowsBuild: result.windowsBuild } : {}),
    durationSeconds: result.durationMs / 1000,
    ...(result.updates ? { updates: result.updates } : {}),
    ...(result.base ? { base: result.base } : {}),
  };
}

function resultText(result: BuildResult): string {
  if (result.kind === 'plan') {
    const { plan } = result;
    return [
      'Dry run: nothing was built.',
      `  target:        ${plan.options.edition} (${plan.os}), firmware ${plan.firmware}, accel ${plan.accel}`,
      `  VM:            ${plan.cpus} vCPU, ${plan.memoryMiB} MiB${plan.options.cpus === 'auto' || plan.options.memoryMiB === 'auto' ? ' (auto: sized from this host)' : ''}`,
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
    ...(result.base ? [`  base:         ${result.base.status} (key ${result.base.key.slice(0, 16)}…)`] : []),
    ...(result.updates ? [`  updates:      ${updatesLine(result.updates)}`] : []),
    `  duration:     ${formatDuration(result.durationMs)}`,
    '',
  ].join('\n');
}

/** "3 installed: KB5048667, KB890830, KB5049622" or "none were available". */
function updatesLine(updates: readonly { kb: string }[]): string {
  return updates.length === 0
    ? 'none were available'
    : `${updates.length} installed: ${updates.map((update) => update.kb).join(', ')}`;
}

/** `--progress json` or `--progress=json` anywhere on the line (read before parsing, like --json). */
function jsonProgressWanted(argv: readonly string[]): boolean {
  return argv.some(
    (arg, index) => arg === '--progress=json' || (arg === '--progress' && argv[index + 1] === 'json'),
  );
}

/** A flag's one value (a flag given twice that takes one value keeps the last, as parseArgs does). */
function text(value: string | boolean | (string | boolean)[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
