import type { BuildResult } from '../bake/builder.js';
import type { BuildOptions } from '../bake/options.js';
import type { TimelineJson } from '../bake/timeline.js';
import type { BuildError } from '../errors.js';
import type { UploadedArtifact } from '../publish/artifact.js';
import type { PushResult } from '../registry/push.js';
import type { BundleReport } from './failure-bundle.js';
import type { MediumReport } from './media.js';
export type BuiltImage = Extract<BuildResult, {
    kind: 'image';
}>;
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
export declare function bootCommand(image: string, firmware: BuildOptions['firmware'], state?: {
    vars: string;
    tpm?: string;
}): string;
/**
 * Shell lines that download an uploaded artifact. `gh run download` cannot: it unzips every artifact, and one
 * uploaded with skipArchive is the bare file (cli/cli#13012, open as of 2026). The REST endpoint
 * `…/actions/artifacts/ID/zip` redirects to the stored bytes as they are, so curl saves the image itself;
 * curl drops the Authorization header on the redirect to the storage host, which refuses it. Pure.
 */
export declare function downloadCommand(artifact: UploadedArtifact, env?: NodeJS.ProcessEnv): string;
/**
 * The phases and how long each took, with the reboots and any first-logon step that failed; the phase a
 * failed build was in is the last row, marked. HTML for core.summary.addRaw.
 */
export declare function timelineHtml(timeline: TimelineJson, failed?: boolean): string;
/** Per medium given by URL: where it came from and the bytes that crossed the network. HTML. Pure. */
export declare function mediaHtml(media: readonly MediumReport[] | undefined): string;
export declare function writeSummary({ result, options, artifact, registry, timeline, media, }: SummaryInput): Promise<void>;
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
export declare function writeFailureSummary({ error, result, options, runnerTemp, bundle, timeline, media, }: FailureSummaryInput): Promise<void>;
/** Whether `file` is under `dir`. */
export declare function isInside(file: string, dir: string): boolean;
