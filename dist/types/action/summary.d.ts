import type { BuildResult } from '../bake/builder.js';
import type { BuildOptions } from '../bake/options.js';
import type { UploadedArtifact } from '../publish/artifact.js';
export interface SummaryInput {
    result: Extract<BuildResult, {
        kind: 'image';
    }>;
    options: BuildOptions;
    artifact?: UploadedArtifact;
}
/**
 * Shell lines that boot the image on a Debian/Ubuntu host with KVM, for each firmware mode: BIOS needs
 * nothing; UEFI needs OVMF and a writable vars file; uefi-secure also needs the Secure Boot OVMF build (SMM,
 * secure pflash) and a TPM 2.0 from swtpm. Kept firmware state (--keep-firmware-state) is used when there is
 * some; otherwise fresh copies do (Windows boots from \EFI\BOOT\BOOTX64.EFI without its boot entry).
 */
export declare function bootCommand(image: string, firmware: BuildOptions['firmware'], state?: {
    vars: string;
    tpm?: string;
}): string;
export declare function writeSummary({ result, options, artifact }: SummaryInput): Promise<void>;
