import type { BuildOptions } from '../bake/options.js';
import type { EnableKvm } from '../tools/kvm-access.js';
import { type AutoArtifactName } from './artifact-name.js';
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
export declare const ACTION_ONLY_INPUTS: readonly ["iso-url", "iso-sha256", "virtio-win-url", "virtio-win-sha256", "openssh-msi-url", "openssh-msi-sha256", "install-deps", "enable-kvm", "artifact-name", "job-index", "retention-days", "media-cache", "media-cache-max-size", "publish", "registry-ref", "registry-format", "registry-tags", "registry-moving-tag", "registry-username", "registry-password", "registry-insecure", "registry-chunk-size", "github-token"];
export declare function readSettings(): ActionSettings;
