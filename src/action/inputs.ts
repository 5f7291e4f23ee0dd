/**
 * Every action input read once, validated by the same code as the CLI's flags, into one typed settings object.
 * Which input sets which build option is OPTION_TABLE's to say; the action's own inputs (ACTION_ONLY_INPUTS) say
 * where the media come from, whether to install host packages and what to upload.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { OPTION_TABLE } from '../bake/option-table.js';
import { baseCacheSetting } from './baseline.js';
import type { BuildOptions } from '../bake/options.js';
import { optionsFromStrings, parseWholeNumber } from '../bake/validate.js';
import { normalizeSha256 } from '../deps/download.js';
import { displayUrl } from '../deps/http-get.js';
import { BuildError } from '../errors.js';
import { validateArtifactName, validateRetentionDays } from '../publish/artifact.js';
import type { EnableKvm } from '../tools/kvm-access.js';
import { osFromEdition } from '../unattend/windows-targets.js';
import { autoArtifactName, jobIndexInput, type AutoArtifactName } from './artifact-name.js';
import { mediaCacheSettings, type MediaCacheSettings } from './media-cache-settings.js';
import { publishSettings, REGISTRY_INPUTS, type PublishSettings } from './registry.js';

export const STABLE_VIRTIO_WIN_URL =
  'https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/stable-virtio/virtio-win.iso';

/**
 * The Win32-OpenSSH MSI the action downloads when no openssh-msi is given: a pinned release and its SHA-256,
 * so the guest installs sshd offline (notes/windows-setup.md, "OpenSSH"). Bump both together.
 */
export const DEFAULT_OPENSSH_MSI = {
  url: 'https://github.com/PowerShell/Win32-OpenSSH/releases/download/v9.8.3.0p2-Preview/OpenSSH-Win64-v9.8.3.0.msi',
  sha256: 'c8a8c7e21136a099665c2fad9accb41152d129466b719ea71678bab665e03389',
} as const;

export interface RemoteFile {
  url: string;
  sha256?: string;
}

/** A file on the runner that a `*-sha256` input pins: checked before the build reads it. */
export interface LocalChecksum {
  file: string;
  sha256: string;
  /** The input that gave the checksum, for messages. */
  input: string;
}

export interface ActionSettings {
  options: BuildOptions;
  localChecksums: LocalChecksum[];
  /** Download instead of a path on the runner. */
  isoDownload?: RemoteFile;
  virtioWinDownload?: RemoteFile;
  opensshMsiDownload?: RemoteFile;
  installDeps: boolean;
  /** Open up /dev/kvm to the runner user through sudo when it is closed (tools/kvm-access.ts). */
  enableKvm: EnableKvm;
  /** Undefined: no upload. With `auto`, the name as far as the inputs tell; see autoArtifact. */
  artifactName?: string;
  /** `artifact-name: auto`: its parts, so that the name can take the os the build found. */
  autoArtifact?: AutoArtifactName;
  retentionDays?: number;
  /** Where downloads go, and the work dir when no other disk has more room. */
  runnerTemp: string;
  /** The output input was set: the work dir goes next to it; else the action picks the roomiest disk. */
  outputGiven: boolean;
  /** Earlier builds' phase durations (bake/history.ts): the runner's tool cache, which outlives the job. */
  historyDir?: string;
  /** Where the image goes: the workflow artifact, an OCI registry (action/registry.ts), both or neither. */
  publish: PublishSettings;
  /** The media cache that stays on the runner; undefined: none (a GitHub-hosted runner, media-cache: false). */
  mediaCache?: MediaCacheSettings;
}

/** The inputs that are not build options (action.yml has these and the table's inputs, nothing else). */
export const ACTION_ONLY_INPUTS = [
  'iso-url',
  'iso-sha256',
  'virtio-win-url',
  'virtio-win-sha256',
  'openssh-msi-url',
  'openssh-msi-sha256',
  'install-deps',
  'enable-kvm',
  'artifact-name',
  'job-index',
  'retention-days',
  'media-cache',
  'media-cache-max-size',
  ...REGISTRY_INPUTS,
] as const;

/**
 * Every build option's input by its name; empty ones are left out and take the option's default. Except the
 * password: read as given (untrimmed), and an empty one is an error, never the default (a missing secret).
 */
/**
 * An input as given, spaces kept; undefined only when the runner did not pass it at all (it always passes
 * inputs that have a default, so an empty value is what the workflow gave, e.g. a secret that is not set).
 */
function untrimmedInput(name: string): string | undefined {
  const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  return variable in process.env ? core.getInput(name, { trimWhitespace: false }) : undefined;
}

function buildOptionInputs(): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const spec of OPTION_TABLE) {
    if (!('input' in spec)) continue;
    values[spec.input] =
      spec.key === 'password' ? untrimmedInput(spec.input) : core.getInput(spec.input) || undefined;
  }
  // Empty: the runner's tool cache on a self-hosted runner; false: none.
  values['base-cache'] = baseCacheSetting(core.getInput('base-cache'), process.env);
  return values;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  throw new BuildError('invalid-option', `Input ${name}: "${value}" is not true or false`, {
    hint: `Set ${name}: true or ${name}: false.`,
  });
}

/** enable-kvm: auto, true or false (yes/no/1/0 as elsewhere). */
function enableKvmInput(): EnableKvm {
  const value = core.getInput('enable-kvm').trim().toLowerCase();
  if (value === '' || value === 'auto') return 'auto';
  if (['true', 'yes', '1'].includes(value)) return 'true';
  if (['false', 'no', '0'].includes(value)) return 'false';
  throw new BuildError('invalid-option', `Input enable-kvm: "${value}" is not auto, true or false`, {
    hint: 'Set enable-kvm: auto (open up /dev/kvm through sudo when needed), true, or false (never touch the host).',
  });
}

function remoteOrPath(
  pathInput: string,
  urlInput: string,
  shaInput: string,
  fallbackUrl?: string,
): { file?: string; check?: LocalChecksum; download?: RemoteFile } {
  const file = core.getInput(pathInput);
  const url = core.getInput(urlInput);
  const shaText = core.getInput(shaInput);
  // Checked now, naming the input, not after a 6 GB download.
  const sha256 = shaText ? normalizeSha256(shaText, `Input ${shaInput}`) : undefined;
  if (file && url) {
    throw new BuildError('invalid-option', `Inputs ${pathInput} and ${urlInput} are both set`, {
      hint: `Give one: ${pathInput} for a file on the runner, or ${urlInput} to download it.`,
    });
  }
  // A pinned checksum holds for a file on the runner too.
  if (file) return { file, check: sha256 ? { file, sha256, input: shaInput } : undefined };
  const effective = url || fallbackUrl;
  if (!effective) {
    throw new BuildError('usage', `Input ${pathInput} or ${urlInput} is required`, {
      hint: `Give ${pathInput}: a path on the runner, or ${urlInput} with ${shaInput}.`,
    });
  }
  checkPlainHttp(effective, urlInput, shaInput, sha256);
  return { download: { url: effective, sha256 } };
}

/**
 * Plain http only with a pinned checksum (anyone on the path could swap the file), or from this machine
 * itself (a local mirror: no network path to tamper with).
 */
function checkPlainHttp(url: string, urlInput: string, shaInput: string, sha256: string | undefined): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // the download says it is not a URL
  }
  if (parsed.protocol !== 'http:' || sha256 !== undefined || isLoopback(parsed.hostname)) return;
  throw new BuildError(
    'invalid-option',
    `Input ${urlInput}: ${displayUrl(url)} is plain http and no ${shaInput} pins what it serves`,
    { hint: `Use an https:// URL, or give ${shaInput} so that the download is verified.` },
  );
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * openssh-msi (a path) wins; else openssh-msi-url, by default the pinned release (with its pinned SHA-256);
 * `none` ships no MSI, and the guest falls back to Windows Update.
 */
function opensshMsiInput(downloads: string): { file?: string; check?: LocalChecksum; download?: RemoteFile } {
  const url = core.getInput('openssh-msi-url').trim();
  if (url.toLowerCase() === 'none') {
    if (core.getInput('openssh-msi')) {
      throw new BuildError('invalid-option', 'Inputs openssh-msi and openssh-msi-url: none are both set', {
        hint: 'Give openssh-msi for a file on the runner, or openssh-msi-url: none for no MSI at all.',
      });
    }
    return {};
  }
  const remote = remoteOrPath(
    'openssh-msi',
    'openssh-msi-url',
    'openssh-msi-sha256',
    DEFAULT_OPENSSH_MSI.url,
  );
  if (!remote.download) return remote;
  const download = { ...remote.download };
  if (download.url === DEFAULT_OPENSSH_MSI.url) download.sha256 ??= DEFAULT_OPENSSH_MSI.sha256;
  let name = '';
  try {
    name = path.posix.basename(new URL(download.url).pathname);
  } catch {
    throw new BuildError(
      'invalid-option',
      `Input openssh-msi-url: "${displayUrl(download.url)}" is not a URL`,
      {
        hint: 'Give an https:// URL of an OpenSSH-Win64 MSI, or leave it empty for the pinned release.',
      },
    );
  }
  const file = path.join(downloads, /^OpenSSH-Win64[^/]*\.msi$/i.test(name) ? name : 'OpenSSH-Win64.msi');
  return { file, download };
}

export function readSettings(): ActionSettings {
  const runnerTemp = process.env.RUNNER_TEMP || '/tmp';
  const downloads = path.join(runnerTemp, 'bake-windows-image', 'downloads');
  const iso = remoteOrPath('iso', 'iso-url', 'iso-sha256');
  if (iso.download && !iso.download.sha256) {
    throw new BuildError('usage', 'Input iso-url needs iso-sha256', {
      hint: 'Give the SHA-256 of the Windows ISO (Microsoft publishes it next to the download); it also keys the cache.',
    });
  }
  const virtio = remoteOrPath('virtio-win-iso', 'virtio-win-url', 'virtio-win-sha256', STABLE_VIRTIO_WIN_URL);
  const openssh = opensshMsiInput(downloads);

  const retentionInput = core.getInput('retention-days').trim();
  const retentionDays = retentionInput
    ? parseWholeNumber('Input retention-days', retentionInput, 'Give 1 to 90 days.')
    : undefined;
  validateRetentionDays(retentionDays);

  const outputInput = core.getInput('output');
  const options = optionsFromStrings(
    {
      ...buildOptionInputs(),
      // The media inputs name a file on the runner or a download; either way the build reads a local file.
      iso: iso.file ?? path.join(downloads, 'windows.iso'),
      'virtio-win-iso': virtio.file ?? path.join(downloads, 'virtio-win.iso'),
      'openssh-msi': openssh.file,
      output: outputInput || path.join(runnerTemp, 'bake-windows-image', 'windows.qcow2'),
    },
    'action',
  );
  const publish = publishSettings((name) => core.getInput(name), process.env);
  // publish without artifact: no workflow artifact, whatever artifact-name says.
  const artifactInput = publish.targets.includes('artifact') ? core.getInput('artifact-name').trim() : '';
  const autoArtifact: AutoArtifactName | undefined =
    artifactInput === 'auto'
      ? {
          edition: options.edition,
          os: options.os ?? osFromEdition(options.edition),
          firmware: options.firmware,
          jobIndex: jobIndexInput(),
          date: new Date(),
        }
      : undefined;
  const artifactName = autoArtifact ? autoArtifactName(autoArtifact) : artifactInput || undefined;
  if (artifactName) validateArtifactName(artifactName);
  if (!outputInput)
    options.output = path.join(runnerTemp, 'bake-windows-image', artifactName ?? 'windows.qcow2');

  return {
    options,
    localChecksums: [iso.check, virtio.check, openssh.check].filter(
      (check): check is LocalChecksum => check !== undefined,
    ),
    isoDownload: iso.download,
    virtioWinDownload: virtio.download,
    opensshMsiDownload: openssh.download,
    installDeps: booleanInput('install-deps', true),
    enableKvm: enableKvmInput(),
    publish,
    artifactName,
    autoArtifact,
    retentionDays,
    runnerTemp,
    outputGiven: outputInput !== '',
    mediaCache: mediaCacheSettings(
      core.getInput('media-cache'),
      core.getInput('media-cache-max-size'),
      process.env,
    ),
    ...(process.env.RUNNER_TOOL_CACHE
      ? { historyDir: path.join(process.env.RUNNER_TOOL_CACHE, 'bake-windows-image') }
      : {}),
  };
}
