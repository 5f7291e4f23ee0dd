import type { BuildOptions } from '../bake/options.js';
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
    /** Undefined: no upload. */
    artifactName?: string;
    retentionDays?: number;
    /** Where downloads and the work dir go. */
    runnerTemp: string;
}
/** The inputs that are not build options (action.yml has these and the table's inputs, nothing else). */
export declare const ACTION_ONLY_INPUTS: readonly ["iso-url", "iso-sha256", "virtio-win-url", "virtio-win-sha256", "openssh-msi-url", "openssh-msi-sha256", "install-deps", "artifact-name", "retention-days"];
/** "Windows 11 Pro" on 2026-11-29 → windows-11-pro-20261129.qcow2 */
export declare function defaultArtifactName(edition: string, date?: Date): string;
export declare function readSettings(): ActionSettings;
