/** The job summary: what was built, and how to get and boot it. */
import * as core from '@actions/core';
import path from 'node:path';
import type { BuildResult } from '../bake/builder.js';
import type { BuildOptions } from '../bake/options.js';
import { formatBytes, formatDuration } from '../log.js';
import type { UploadedArtifact } from '../publish/artifact.js';

export interface SummaryInput {
  result: Extract<BuildResult, { kind: 'image' }>;
  options: BuildOptions;
  artifact?: UploadedArtifact;
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
    if (!state) lines.push(`cp /usr/share/OVMF/OVMF_VARS_4M${secure ? '.ms' : ''}.fd ${vars}`);
    if (secure) {
      const tpmDir = state?.tpm ? path.basename(state.tpm) : 'tpm';
      if (!state?.tpm) lines.push(`mkdir -p ${tpmDir}`);
      lines.push(
        `swtpm socket --tpm2 --tpmstate dir=${tpmDir} --ctrl type=unixio,path=swtpm.sock --terminate &`,
        // QEMU fails when the socket is not there yet.
        'while [ ! -S swtpm.sock ]; do sleep 0.1; done',
      );
      qemu.push('-global driver=cfi.pflash01,property=secure,value=on');
    }
    qemu.push(
      `-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M${secure ? '.secboot' : ''}.fd`,
      `-drive if=pflash,format=raw,unit=1,file=${vars}`,
    );
    if (secure) {
      qemu.push(
        '-chardev socket,id=chrtpm,path=swtpm.sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-crb,tpmdev=tpm0',
      );
    }
  }
  qemu.push(
    `-device virtio-scsi-pci -drive if=none,id=disk0,discard=unmap,file=${path.basename(image)} -device scsi-hd,drive=disk0,discard_granularity=65536`,
    '-netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22 -device virtio-net-pci,netdev=net0',
  );
  lines.push(qemu.join(' \\\n  '));
  return lines.join('\n');
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
    ...(image.firmwareState
      ? [['Firmware state', [image.firmwareState.vars, image.firmwareState.tpm].filter(Boolean).join(', ')]]
      : []),
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
      `${download}\n${bootCommand(image.path, options.firmware, image.firmwareState)}\nssh -p 2222 ${options.username}@127.0.0.1`,
      'sh',
    )
    .write();
}
