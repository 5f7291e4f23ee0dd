/** The job summary: what was built, and how to get and boot it. */
import * as core from '@actions/core';
import path from 'node:path';
import type { BuildResult } from '../build/builder.js';
import type { BuildOptions } from '../build/options.js';
import { formatBytes, formatDuration } from '../log.js';
import type { UploadedArtifact } from '../publish/artifact.js';

export interface SummaryInput {
  result: Extract<BuildResult, { kind: 'image' }>;
  options: BuildOptions;
  artifact?: UploadedArtifact;
}

export function bootCommand(image: string, firmware: BuildOptions['firmware']): string {
  const uefi =
    firmware === 'bios'
      ? ''
      : ' \\\n  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \\\n  -drive if=pflash,format=raw,file=OVMF_VARS.fd';
  return (
    `qemu-system-x86_64 -machine q35 -accel kvm -cpu host -smp 4 -m 4096${uefi} \\\n` +
    `  -device virtio-scsi-pci -drive if=none,id=disk0,file=${path.basename(image)} -device scsi-hd,drive=disk0 \\\n` +
    '  -netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22 -device virtio-net-pci,netdev=net0'
  );
}

export async function writeSummary({ result, options, artifact }: SummaryInput): Promise<void> {
  const { image } = result;
  const rows = [
    [
      { data: 'Image', header: true },
      { data: 'Value', header: true },
    ],
    ['Path', image.path],
    ['Size', `${formatBytes(image.sizeBytes)} (virtual ${formatBytes(image.virtualSizeBytes)})`],
    ['SHA-256', image.sha256],
    ['Edition', `${options.edition} (${result.os})`],
    ['Firmware', options.firmware],
    ['Account', options.username],
    ['Duration', formatDuration(result.durationMs)],
    [
      'Artifact',
      artifact
        ? artifact.url
          ? `<a href="${artifact.url}">${artifact.name}</a>`
          : artifact.name
        : '(not uploaded)',
    ],
  ];
  const download = artifact
    ? `gh run download ${process.env.GITHUB_RUN_ID ?? '<run-id>'} -n ${artifact.name}`
    : `# the image is on the runner at ${image.path}`;
  await core.summary
    .addHeading('Windows image baked', 2)
    .addTable(rows)
    .addHeading('Download and boot', 3)
    .addCodeBlock(
      `${download}\n${options.firmware === 'bios' ? '' : 'cp /usr/share/OVMF/OVMF_VARS_4M.fd OVMF_VARS.fd\n'}${bootCommand(image.path, options.firmware)}\nssh -p 2222 ${options.username}@127.0.0.1`,
      'sh',
    )
    .write();
}
