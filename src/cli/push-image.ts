/**
 * `bake-windows-image push-image --image PATH --ref REGISTRY/REPO[:TAG] …`: a baked qcow2 to an OCI registry
 * (src/registry). Credentials from --username + --password-stdin, BAKE_REGISTRY_USERNAME/_PASSWORD, or
 * ~/.docker/config.json; never from the command line, and never printed. Exit codes as build-image's.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asBuildError, BuildError, ExitCode } from '../errors.js';
import { redact, type Logger } from '../log.js';
import type { Credentials } from '../registry/auth.js';
import { parseChunkSize } from '../registry/chunks.js';
import type { ImageMetadata } from '../registry/formats.js';
import { pushImage, REGISTRY_FORMATS, type PushResult, type RegistryFormat } from '../registry/push.js';
import { VERSION } from '../version.js';

export const REGISTRY_USERNAME_ENV = 'BAKE_REGISTRY_USERNAME';
export const REGISTRY_PASSWORD_ENV = 'BAKE_REGISTRY_PASSWORD';

export const PUSH_USAGE = `Usage: bake-windows-image push-image --image PATH --ref REGISTRY/REPOSITORY[:TAG] [options]

Pushes a baked qcow2 to an OCI registry: as an OCI artifact (the qcow2 is the layer), a KubeVirt
containerDisk (disk/NAME.qcow2 in an image layer), or both.

  --image PATH             the qcow2 to push (build-image's --output)
  --ref REF                REGISTRY/REPOSITORY[:TAG], e.g. ghcr.io/OWNER/windows (no Docker Hub short names)
  --tag TAG                another tag (repeatable); with none here or in --ref: <edition-slug>-<yyyymmdd>
                           and the moving tag
  --moving-tag TAG         the default tags' moving one (default: latest; e.g. nightly)
  --format FORMAT          ${REGISTRY_FORMATS.join('|')} (default: artifact); with both, the containerDisk's
                           tags end in -containerdisk
  --metadata FILE          the JSON build-image --json printed: edition, version, build, firmware and
                           updates become annotations
  --insecure               plain http (a local mirror or test registry); https otherwise
  --chunk-size SIZE        send each blob in requests of at most SIZE (e.g. 50MiB, 4M, bytes; at least
                           256KiB), for a registry or proxy that limits a request's body (nginx, Cloudflare);
                           default: one streamed request per blob
  --username USER          with --password-stdin (or ${REGISTRY_PASSWORD_ENV}); else ${REGISTRY_USERNAME_ENV},
                           else ~/.docker/config.json (docker login), else anonymous
  --password-stdin         read the password or token from standard input
  --json                   print one JSON object on stdout (result or error)
  --verbose, -v            more detail
  --help, -h               print this text

Exit codes: 0 pushed, 1 push failed (the image stays where it is), 2 invalid usage.`;

const OPTIONS = {
  image: { type: 'string' },
  ref: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'moving-tag': { type: 'string' },
  format: { type: 'string' },
  metadata: { type: 'string' },
  insecure: { type: 'boolean' },
  'chunk-size': { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface PushCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin?: () => Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function usage(
  message: string,
  hint = 'bake-windows-image push-image --image win.qcow2 --ref ghcr.io/OWNER/windows',
): BuildError {
  return new BuildError('usage', message, { hint });
}

/** The credentials the user gave, or undefined (then docker's config, or anonymous). */
export async function registryCredentials(
  { username, passwordStdin }: { username?: string; passwordStdin?: boolean },
  readStdin: () => Promise<string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  if (passwordStdin && env[REGISTRY_PASSWORD_ENV] !== undefined) {
    throw usage(
      `The password is given twice: --password-stdin and ${REGISTRY_PASSWORD_ENV}`,
      'Give it one way.',
    );
  }
  const user = username ?? env[REGISTRY_USERNAME_ENV];
  const password = passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : env[REGISTRY_PASSWORD_ENV];
  if (user === undefined && password === undefined) return undefined;
  if (!user)
    throw usage(
      'A registry password is given without a user name',
      `Add --username USER (or ${REGISTRY_USERNAME_ENV}).`,
    );
  if (!password) {
    throw usage(
      `--username ${user} is given without a password`,
      `Pipe it in with --password-stdin (e.g. echo "$TOKEN" | bake-windows-image push-image … --password-stdin), or set ${REGISTRY_PASSWORD_ENV}.`,
    );
  }
  return { username: user, password };
}

/** What build-image --json said about the image, as annotation metadata. */
export function metadataFromBuildJson(file: string): Omit<ImageMetadata, 'sha256'> & { sha256?: string } {
  let json: {
    image?: { sha256?: string };
    os?: string;
    edition?: string;
    firmware?: string;
    windowsBuild?: number;
    updates?: { kb?: string }[];
  };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    throw usage(
      `--metadata ${file}: ${(error as Error).message}`,
      'Give the file that build-image --json wrote (its stdout).',
    );
  }
  return {
    ...(json.image?.sha256 ? { sha256: json.image.sha256 } : {}),
    ...(json.edition ? { edition: json.edition } : {}),
    ...(json.os ? { os: json.os } : {}),
    ...(json.windowsBuild ? { build: String(json.windowsBuild) } : {}),
    ...(json.firmware ? { firmware: json.firmware } : {}),
    ...(json.updates ? { updates: json.updates.map((update) => update.kb ?? '?') } : {}),
  };
}

export async function runPushImage(
  argv: readonly string[],
  io: PushCliIo,
  { logger, signal }: { logger: (verbose: boolean) => Logger; signal?: AbortSignal },
): Promise<number> {
  const wantsJson = argv.includes('--json');
  const secrets: string[] = [];
  try {
    let values;
    try {
      ({ values } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
    } catch (error) {
      throw usage((error as Error).message.split('. To specify a positional')[0] ?? 'Invalid arguments');
    }
    if (values.help) {
      io.stdout(PUSH_USAGE + '\n');
      return ExitCode.Success;
    }
    if (!values.image) throw usage('--image is required');
    if (!values.ref) throw usage('--ref is required');
    const format = values.format ?? 'artifact';
    if (!(REGISTRY_FORMATS as readonly string[]).includes(format))
      throw new BuildError('invalid-option', `--format ${format} is not a format`, {
        hint: `Give ${REGISTRY_FORMATS.join(', ')}.`,
      });
    const chunkSizeBytes =
      values['chunk-size'] === undefined ? undefined : parseChunkSize(values['chunk-size'], '--chunk-size');
    const credentials = await registryCredentials(
      { username: values.username, passwordStdin: values['password-stdin'] },
      io.readStdin ?? readProcessStdin,
    );
    if (credentials) secrets.push(credentials.password);
    const metadata = {
      ...(values.metadata ? metadataFromBuildJson(values.metadata) : {}),
      toolVersion: VERSION,
    };
    const result = await pushImage({
      image: values.image,
      ref: values.ref,
      tags: values.tag ?? [],
      movingTag: values['moving-tag'],
      format: format as RegistryFormat,
      insecure: values.insecure === true,
      chunkSizeBytes,
      credentials,
      metadata,
      logger: logger(values.verbose === true),
      signal,
    });
    io.stdout(values.json ? JSON.stringify({ ok: true, ...result }) + '\n' : resultText(result));
    return ExitCode.Success;
  } catch (error) {
    const failure = asBuildError(error);
    if (wantsJson) io.stdout(redact(JSON.stringify({ ok: false, error: failure.toJSON() }), secrets) + '\n');
    else {
      io.stderr(redact(`error: ${failure.message}\n`, secrets));
      if (failure.hint) io.stderr(redact(`hint: ${failure.hint}\n`, secrets));
      if (failure.exitCode === ExitCode.Usage)
        io.stderr(`Run 'bake-windows-image push-image --help' for its options.\n`);
    }
    return failure.exitCode;
  }
}

function resultText(result: PushResult): string {
  return [
    ...result.manifests.flatMap((manifest) => [
      `Pushed ${manifest.format} ${manifest.reference}`,
      `  tags:    ${manifest.tags.join(', ')}`,
    ]),
    `  sha256:  ${result.sha256} (the qcow2)`,
    `  blobs:   ${result.blobs.uploaded} uploaded, ${result.blobs.existing} already there`,
    '',
  ].join('\n');
}
