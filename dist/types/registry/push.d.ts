import { type Logger } from '../log.js';
import { type Credentials } from './auth.js';
import { type ImageMetadata } from './formats.js';
export declare const REGISTRY_FORMATS: readonly ["artifact", "containerdisk", "both"];
export type RegistryFormat = (typeof REGISTRY_FORMATS)[number];
/** With format both, the containerDisk's tags are the artifact's with this suffix. */
export declare const CONTAINERDISK_TAG_SUFFIX = "-containerdisk";
export interface PushOptions {
    /** The qcow2 to push. */
    image: string;
    /** REGISTRY/REPOSITORY[:TAG], e.g. ghcr.io/owner/windows. */
    ref: string;
    /** More tags; with none here or in ref: `<edition-slug>-<yyyymmdd>` and movingTag. */
    tags?: readonly string[];
    /** The default tags' moving one: latest (default) or nightly. */
    movingTag?: string;
    format?: RegistryFormat;
    /** Plain http (a local mirror or test registry); https otherwise. */
    insecure?: boolean;
    /** Without them: ~/.docker/config.json's entry for the registry, else anonymous. */
    credentials?: Credentials;
    /** What the annotations say; the image's sha256 is computed here. */
    metadata?: Omit<ImageMetadata, 'sha256'> & {
        sha256?: string;
    };
    logger?: Logger;
    signal?: AbortSignal;
    /** A connection silent this long is broken and retried (default 60 s). */
    idleTimeoutMs?: number;
    /** The first retry's delay (doubles per attempt). */
    retryDelayMs?: number;
    /** The date of the default tag (default: the image's last write, when the build made it). */
    now?: Date;
    /**
     * Send each blob in PATCHes of at most this many bytes (at least MIN_CHUNK_BYTES, 256 KiB), for a registry or
     * proxy that limits one request's body; default: one streamed PATCH per blob, as docker and skopeo do.
     */
    chunkSizeBytes?: number;
}
export interface PushedManifest {
    format: 'artifact' | 'containerdisk';
    digest: string;
    tags: string[];
    /** REGISTRY/REPOSITORY@DIGEST */
    reference: string;
}
export interface PushResult {
    /** The first pushed manifest's (the artifact's, unless only the containerDisk was pushed). */
    digest: string;
    reference: string;
    manifests: PushedManifest[];
    sha256: string;
    blobs: {
        uploaded: number;
        existing: number;
    };
}
/** The options checked before anything is read or sent: usage errors (exit 2) for a bad ref, tag or image. */
export declare function planPush(options: PushOptions): {
    ref: import("./reference.js").ImageReference;
    format: "artifact" | "containerdisk" | "both";
    size: number;
    madeAt: Date;
    chunkSizeBytes: number | undefined;
    artifactTags: string[];
    diskTags: string[];
    diskEntry: string;
};
export declare function pushImage(options: PushOptions): Promise<PushResult>;
