export declare const MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
/** The artifact's type: a bootable Windows disk image baked by this tool. */
export declare const ARTIFACT_TYPE = "application/vnd.bake-windows-image.qcow2.v1";
/** The artifact's layer: the qcow2 file, byte for byte (zstd compression inside, if any, is qcow2's own). */
export declare const QCOW2_LAYER_MEDIA_TYPE = "application/vnd.bake-windows-image.qcow2.layer.v1";
export declare const EMPTY_CONFIG_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
export declare const EMPTY_CONFIG: Buffer<ArrayBuffer>;
export declare const IMAGE_CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
export declare const TAR_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
/** Annotation keys of our own. */
export declare const ANNOTATION_PREFIX = "io.github.bake-windows-image.";
export interface Descriptor {
    mediaType: string;
    digest: string;
    size: number;
    annotations?: Record<string, string>;
}
/** What is known about the image (from `build-image --json`, or the action's result). */
export interface ImageMetadata {
    /** The qcow2's SHA-256 (hex). */
    sha256: string;
    edition?: string;
    /** w10, w11, 2k19, 2k22, 2k25. */
    os?: string;
    /** Windows build number, e.g. 26100. */
    build?: string;
    firmware?: string;
    /** Installed updates by KB number; an empty list: none were available; absent: not asked for. */
    updates?: readonly string[];
    /** RFC 3339. */
    created?: string;
    /** bake-windows-image's version. */
    toolVersion?: string;
    /** Where the image's recipe lives (e.g. the GitHub repository URL). */
    source?: string;
}
export declare function sha256Digest(bytes: Buffer): string;
/** The manifest annotations: our keys for what is Windows-specific, the OCI ones where they fit. */
export declare function imageAnnotations(meta: ImageMetadata): Record<string, string>;
/** JSON bytes as pushed: the digest is of exactly these bytes. */
export declare function canonicalJson(value: unknown): Buffer;
/** The OCI artifact: empty config, the qcow2 as the one layer (titled with its file name). */
export declare function artifactManifest(qcow2: {
    digest: string;
    size: number;
    fileName: string;
}, annotations: Record<string, string>): Buffer;
/** The containerDisk's image config: linux/amd64, one uncompressed layer (its diff_id is its digest). */
export declare function containerDiskConfig(layerDigest: string, created?: string): Buffer;
export declare function containerDiskManifest(config: {
    digest: string;
    size: number;
}, layer: {
    digest: string;
    size: number;
}, annotations: Record<string, string>): Buffer;
