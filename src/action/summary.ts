/** The job summary, written in every case: what was built, how to get and boot it; or what failed, and where the image is. */
import * as core from '@actions/core';
import path from 'node:path';
import type { BuildResult } from '../bake/builder.js';
import type { BuildOptions } from '../bake/options.js';
import type { TimelineJson } from '../bake/timeline.js';
import type { BuildError } from '../errors.js';
import { formatBytes, formatDuration } from '../log.js';
import type { UploadedArtifact } from '../publish/artifact.js';
import type { PushResult } from '../registry/push.js';
import type { BundleReport } from './failure-bundle.js';
import type { MediumReport } from './media.js';
import { shellQuote, qemuOptionValue } from './shell-quote.js';
import { baselineRows, updatesHtml } from './baseline.js';

export type BuiltImage = Extract<BuildResult, { kind: 'image' }>;

export interface SummaryInput {
  result: BuiltImage;
  options: BuildOptions;
  artifact?: UploadedArtifact;
  /** What publish: oci pushed. */
  registry?: PushResult;
  /** The phases, with the action's download and upload. */
  timeline?: TimelineJson;
  /** Where each downloaded medium came from. */
  media?: readonly MediumReport[];
}

/**
 * Shell lines that boot the image on a Debian/Ubuntu host with KVM, for each firmware mode: BIOS needs
 * nothing; UEFI needs OVMF and a writable vars file; uefi-secure also needs the Secure Boot OVMF build (SMM,
 * secure pflash) and a TPM 2.0 from swtpm. Kept firmware state (--keep-firmware-state) is used when there is
 * some; otherwise fresh copies do (Windows boots from \EFI\BOOT\BOOTX64.EFI without its boot entry).
 */
export function bootCommand(
  image: string,
  firmware: BuildOptions['firmware'],
  state?: { vars: string; tpm?: string },
): string {
  const lines: string[] = [];
  const machine = firmware === 'uefi-secure' ? 'q35,smm=on' : 'q35';
  const qemu = [`qemu-system-x86_64 -machine ${machine} -accel kvm -cpu host -smp 4 -m 4096`];
  if (firmware !== 'bios') {
    const vars = state ? path.basename(state.vars) : 'OVMF_VARS.fd';
    const secure = firmware === 'uefi-secure';
    if (!state) lines.push(`cp /usr/share/OVMF/OVMF_VARS_4M${secure ? '.ms' : ''}.fd ${shellQuote(vars)}`);
    if (secure) {
      const tpmDir = state?.tpm ? path.basename(state.tpm) : 'tpm';
      if (!state?.tpm) lines.push(`mkdir -p ${shellQuote(tpmDir)}`);
      lines.push(
        `swtpm socket --tpm2 --tpmstate ${shellQuote(`dir=${tpmDir}`)} --ctrl type=unixio,path=swtpm.sock --terminate &`,
        // QEMU fails when the socket is not there yet.
        'while [ ! -S swtpm.sock ]; do sleep 0.1; done',
      );
      qemu.push('-global driver=cfi.pflash01,property=secure,value=on');
    }
    qemu.push(
      `-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M${secure ? '.secboot' : ''}.fd`,
      `-drive ${shellQuote(`if=pflash,format=raw,unit=1,file=${qemuOptionValue(vars)}`)}`,
    );
    if (secure) {
      qemu.push(
        '-chardev socket,id=chrtpm,path=swtpm.sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-crb,tpmdev=tpm0',
      );
    }
  }
  qemu.push(
    `-device virtio-scsi-pci -drive ${shellQuote(`if=none,id=disk0,discard=unmap,file=${qemuOptionValue(path.basename(image))}`)} -device scsi-hd,drive=disk0,discard_granularity=65536`,
    '-netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22 -device virtio-net-pci,netdev=net0',
  );
  lines.push(qemu.join(' \\\n  '));
  return lines.join('\n');
}

/**
 * Shell lines that download an uploaded artifact. `gh run download` cannot: it unzips every artifact, and one
 * uploaded with skipArchive is the bare file (cli/cli#13012, open as of 2026). The REST endpoint
 * `…/actions/artifacts/ID/zip` redirects to the stored bytes as they are, so curl saves the image itself;
 * curl drops the Authorization header on the redirect to the storage host, which refuses it. Pure.
 */
export function downloadCommand(artifact: UploadedArtifact, env: NodeJS.ProcessEnv = process.env): string {
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY || 'OWNER/REPO';
  const url = `${api}/repos/${repository}/actions/artifacts/${artifact.id}/zip`;
  return [
    `# the artifact is the image itself, not a zip (gh run download cannot save it yet: cli/cli#13012)`,
    `curl -fL -H "Authorization: Bearer $(gh auth token)" -o ${shellQuote(artifact.name)} ${shellQuote(url)}`,
    `echo ${shellQuote(`${artifact.digest}  ${artifact.name}`)} | sha256sum -c`,
  ].join('\n');
}

function imageRows(result: BuiltImage, options: BuildOptions): string[][] {
  const { image } = result;
  return [
    ['Path', image.path],
    ['Size', `${formatBytes(image.sizeBytes)} (virtual ${formatBytes(image.virtualSizeBytes)})`],
    ['SHA-256', image.sha256],
    ['Edition', `${options.edition} (${result.os})`],
    ['Firmware', options.firmware],
    ...(image.firmwareState
      ? [['Firmware state', [image.firmwareState.vars, image.firmwareState.tpm].filter(Boolean).join(', ')]]
      : []),
    ['Account', options.username],
    ...baselineRows(result),
    ['Duration', formatDuration(result.durationMs)],
  ];
}

const HEADER = [
  { data: 'Image', header: true },
  { data: 'Value', header: true },
];

/**
 * The phases and how long each took, with the reboots and any first-logon step that failed; the phase a
 * failed build was in is the last row, marked. HTML for core.summary.addRaw.
 */
export function timelineHtml(timeline: TimelineJson, failed = false): string {
  if (timeline.phases.length === 0) return '';
  const first = Date.parse(timeline.phases[0]!.startedAt);
  const rows = timeline.phases.map((phase, index) => {
    const last = index === timeline.phases.length - 1;
    const mark = failed && last ? ' (failed here)' : '';
    const at = formatDuration(Date.parse(phase.startedAt) - first);
    return `<tr><td>${escapeHtml(phase.title)}${mark}</td><td>${at}</td><td>${formatDuration(phase.durationMs)}</td></tr>`;
  });
  const reboots = timeline.reboots.at(-1)?.count ?? 0;
  const failedSteps = timeline.guestSteps.filter((step) => step.status === 'failed');
  const steps = failedSteps.map(
    (step) =>
      `; first-logon step <code>${escapeHtml(step.name)}</code> failed${step.error ? `: ${escapeHtml(step.error)}` : ''}`,
  );
  return (
    '<h3>Timeline</h3>' +
    '<table><tr><th>Phase</th><th>Started at</th><th>Duration</th></tr>' +
    rows.join('') +
    `</table><p>${reboots} reboot${reboots === 1 ? '' : 's'} of the guest${steps.join('')}.</p>`
  );
}

/** Per medium given by URL: where it came from and the bytes that crossed the network. HTML. Pure. */
export function mediaHtml(media: readonly MediumReport[] | undefined): string {
  if (!media?.length) return '';
  const rows = media.map(
    (m) =>
      `<tr><td>${escapeHtml(m.name)}</td><td>${escapeHtml(m.origin)}</td><td>${formatBytes(m.bytesTransferred)}</td></tr>`,
  );
  const total = media.reduce((sum, m) => sum + m.bytesTransferred, 0);
  return (
    '<h3>Media</h3><table><tr><th>Medium</th><th>From</th><th>Transferred</th></tr>' +
    rows.join('') +
    `</table><p>${formatBytes(total)} transferred in all.</p>`
  );
}

export async function writeSummary({
  result,
  options,
  artifact,
  registry,
  timeline,
  media,
}: SummaryInput): Promise<void> {
  const { image } = result;
  const rows = [
    HEADER,
    ...imageRows(result, options).map((row) => row.map(escapeHtml)),
    [
      'Artifact',
      artifact
        ? artifact.url
          ? `<a href="${escapeHtml(artifact.url)}">${escapeHtml(artifact.name)}</a>`
          : escapeHtml(artifact.name)
        : '(not uploaded)',
    ],
    // One row per pushed manifest: its reference by digest, and its tags.
    ...(registry?.manifests ?? []).map((manifest) => [
      manifest.format === 'artifact' ? 'Registry (OCI artifact)' : 'Registry (KubeVirt containerDisk)',
      `<code>${escapeHtml(manifest.reference)}</code><br>tags: ${manifest.tags.map(escapeHtml).join(', ')}`,
    ]),
  ];
  const download = artifact
    ? downloadCommand(artifact)
    : `# the image is on the runner at ${shellQuote(image.path)}`;
  // After a download the image has the artifact's name.
  const file = artifact ? artifact.name : image.path;
  await core.summary
    .addHeading('Windows image baked', 2)
    .addTable(rows)
    .addHeading('Download and boot', 3)
    // addCodeBlock writes its text into <pre> as it is: an & or < in it must be escaped first.
    .addCodeBlock(
      escapeHtml(
        `${download}\n${bootCommand(file, options.firmware, image.firmwareState)}\nssh -p 2222 ${shellQuote(options.username)}@127.0.0.1`,
      ),
      'sh',
    )
    .addRaw(updatesHtml(result.updates ?? [], escapeHtml), true)
    .addRaw(timelineHtml(timeline ?? result.timeline), true)
    .addRaw(mediaHtml(media), true)
    .write();
}

export interface FailureSummaryInput {
  error: BuildError;
  /** The image, when the failure came after it was built (the upload, the outputs). */
  result?: BuiltImage;
  /** Undefined when the inputs themselves failed. */
  options?: BuildOptions;
  runnerTemp?: string;
  /** The failure bundle the build left (a failure after QEMU started). */
  bundle?: BundleReport;
  /** The phases as far as they went (none when the inputs failed). */
  timeline?: TimelineJson;
  /** The media fetched before the failure. */
  media?: readonly MediumReport[];
}

/** The summary of a failed run: what failed, and where the image is, or that there is none. */
export async function writeFailureSummary({
  error,
  result,
  options,
  runnerTemp,
  bundle,
  timeline,
  media,
}: FailureSummaryInput) {
  // A build that failed after finishing the image keeps it and names it in the hint (bake/steps/finalize.ts).
  const kept = !result && /The finished image is at /.test(error.hint ?? '');
  const summary = core.summary.addHeading(
    result
      ? 'Windows image baked, but the step failed'
      : kept
        ? 'Windows image kept, but the build failed'
        : 'No Windows image was produced',
    2,
  );
  summary.addTable([
    [
      { data: 'Failure', header: true },
      { data: '', header: true },
    ],
    ['Error', `<code>${escapeHtml(error.code)}</code>`],
    ['Message', escapeHtml(error.message)],
    ...(error.hint ? [['Fix', escapeHtml(error.hint)]] : []),
  ]);
  if (result && options) {
    const temp = runnerTemp && isInside(result.image.path, runnerTemp);
    summary
      .addRaw(
        `<p>The image was built${error.code === 'upload-failed' ? ' but not uploaded' : ''}: it is only on the runner at <code>${escapeHtml(result.image.path)}</code>` +
          (temp ? ', inside runner.temp, which is wiped when the job ends.' : '.') +
          ' A later step with <code>if: always()</code> can keep it from the <code>image-path</code> output.</p>',
        true,
      )
      .addTable([HEADER, ...imageRows(result, options).map((row) => row.map(escapeHtml))]);
  } else {
    const where = kept ? 'The Fix above says where the image is' : 'The step failed before any image existed';
    summary.addRaw(`<p>${where}; no image was uploaded.</p>`, true);
  }
  // With an image the build itself succeeded: only an upload phase can be the one that failed.
  if (timeline) {
    const failed = !result || timeline.phases.at(-1)?.name === 'upload';
    summary.addRaw(timelineHtml(timeline, failed), true);
  }
  if (media?.length) summary.addRaw(mediaHtml(media), true);
  if (bundle) addBundle(summary, bundle);
  await summary.write();
}

/** What the failure bundle tells at a glance: the phase, the guest's last step, the last serial lines. */
function addBundle(summary: typeof core.summary, bundle: BundleReport): void {
  const { artifact, facts } = bundle;
  const where = artifact
    ? artifact.url
      ? `<a href="${escapeHtml(artifact.url)}">${escapeHtml(artifact.name)}</a>`
      : escapeHtml(artifact.name)
    : `<code>${escapeHtml(bundle.dir)}</code> on the runner (not uploaded)`;
  summary.addHeading('Failure bundle', 3).addTable([
    [
      { data: 'What the VM was doing', header: true },
      { data: '', header: true },
    ],
    ['Bundle', where],
    ...(facts
      ? [
          ['Phase', escapeHtml(`${facts.phase} (${facts.elapsed}, ${facts.reboots} reboots)`)],
          ["Guest's last step", escapeHtml(facts.guestLastStep ?? '(the first-logon script did not run)')],
        ]
      : []),
  ]);
  if (facts?.serialTail.length) {
    summary.addRaw('<p>Last lines of the serial console:</p>', true);
    summary.addCodeBlock(escapeHtml(facts.serialTail.join('\n')), 'text');
  }
}

/** Whether `file` is under `dir`. */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
