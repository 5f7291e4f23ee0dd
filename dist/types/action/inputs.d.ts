import type { BuildOptions } from '../bake/options.js';
import type { Firmware, WindowsOs } from '../targets.js';
import type { EnableKvm } from '../tools/kvm-access.js';
import { type MediaCacheSettings } from './media-cache-settings.js';
import { type PublishSettings } from './registry.js';
export declare const STABLE_VIRTIO_WIN_URL = "https://fedorapeople.org/groups/virt/virtio-win/direct-downloads/stable-virtio/virtio-win.iso";
/**
 * The Win32-OpenSSH MSI the action downloads when no openssh-msi is given: a pinned release and its SHA-256,
 * so the guest installs sshd offline (notes/windows-setup.md, "OpenSSH"). Bump both together.
 */
export declare const DEFAULT_OPENSSH_MSI: {
    readonly url: "https://github.com/PowerShell/Win32-OpenSSH/releases/download/v9.8.3.0p2-Preview/OpenSSH-Win64-v9.8.3.0.msi";
    readonly sha256: "c8a8c7e21136a099665c2fad9accb41152d129466b719ea71678bab665e03389";
};
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
export declare const ACTION_ONLY_INPUTS: readonly ["iso-url", "iso-sha256", "virtio-win-url", "virtio-win-sha256", "openssh-msi-url", "openssh-msi-sha256", "install-deps", "enable-kvm", "artifact-name", "job-index", "retention-days", "media-cache", "media-cache-max-size", "publish", "registry-ref", "registry-format", "registry-tags", "registry-moving-tag", "registry-username", "registry-password", "registry-insecure", "github-token"];
/** What `artifact-name: auto` is made of: whatever tells the legs of a matrix apart. */
export interface AutoArtifactName {
    edition: string;
    /** Undefined when the edition does not say; the build finds out from install.wim. */
    os?: WindowsOs;
    firmware: Firmware;
    /** The matrix leg: strategy.job-index (job<n>), or a label that names it (a reusable workflow's leg name). */
    jobIndex?: number | string;
    date: Date;
}
/**
 * Windows 11 Pro, w11, uefi-secure, leg 2, 2026-11-29 → windows-11-pro-w11-uefi-secure-job2-20261129.qcow2;
 * with the leg labelled w11-pro instead: windows-11-pro-w11-uefi-secure-w11-pro-20261129.qcow2. Pure.
 */
export declare function autoArtifactName({ edition, os, firmware, jobIndex, date }: AutoArtifactName): string;
/** A leg's name as a label for file names: lower-case, runs of anything else than a-z0-9 → '-'. Pure. */
export declare function legLabel(text: string): string;
export declare function readSettings(): ActionSettings;
