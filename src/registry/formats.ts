/**
 * What is pushed, as JSON: the OCI artifact (an image manifest v1.1 with artifactType, the empty config and one
 * layer that is the qcow2 itself) and the KubeVirt containerDisk (a plain linux/amd64 image whose one layer is
 * an uncompressed tar holding disk/<name>.qcow2), and the annotations both carry. Pure: the digests come in.
 */
import { createHash } from 'node:crypto';

export const MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** The artifact's type: a bootable Windows disk image baked by this tool. */
export const ARTIFACT_TYPE = 'application/vnd.bake-windows-image.qcow2.v1';
/** The artifact's layer: the qcow2 file, byte for byte (zstd compression inside, if any, is qcow2's own). */
export const QCOW2_LAYER_MEDIA_TYPE = 'application/vnd.bake-windows-image.qcow2.layer.v1';
export const EMPTY_CONFIG_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const EMPTY_CONFIG = Buffer.from('{}');
export const IMAGE_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
export const TAR_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';
/** Annotation keys of our own. */
export const ANNOTATION_PREFIX = 'io.github.bake-windows-image.';
/** At most this many KB numbers in the updates annotation; the count says how many there were. */
const MAX_LISTED_UPDATES = 30;

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

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The manifest annotations: our keys for what is Windows-specific, the OCI ones where they fit. */
export function imageAnnotations(meta: ImageMetadata): Record<string, string> {
  const ours: [string, string | undefined][] = [
    ['edition', meta.edition],
    ['os', meta.os],
    ['build', meta.build],
    ['firmware', meta.firmware],
    ['sha256', meta.sha256],
    ['updates.count', meta.updates && String(meta.updates.length)],
    [
      'updates',
      meta.updates &&
        meta.updates.slice(0, MAX_LISTED_UPDATES).join(',') +
          (meta.updates.length > MAX_LISTED_UPDATES ? ',…' : ''),
    ],
  ];
  const annotations: Record<string, string> = {};
  for (const [key, value] of ours) if (value !== undefined) annotations[ANNOTATION_PREFIX + key] = value;
  if (meta.created) annotations['org.opencontainers.image.created'] = meta.created;
  if (meta.build) annotations['org.opencontainers.image.version'] = meta.build;
  if (meta.source) annotations['org.opencontainers.image.source'] = meta.source;
  if (meta.edition) annotations['org.opencontainers.image.title'] = meta.edition;
  if (meta.toolVersion) annotations[ANNOTATION_PREFIX + 'tool-version'] = meta.toolVersion;
  return annotations;
}

/** JSON bytes as pushed: the digest is of exactly these bytes. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** The OCI artifact: empty config, the qcow2 as the one layer (titled with its file name). */
export function artifactManifest(
  qcow2: { digest: string; size: number; fileName: string },
  annotations: Record<string, string>,
): Buffer {
  return canonicalJson({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    artifactType: ARTIFACT_TYPE,
    config: {
      mediaType: EMPTY_CONFIG_MEDIA_TYPE,
      digest: sha256Digest(EMPTY_CONFIG),
      size: EMPTY_CONFIG.length,
    },
    layers: [
      {
        mediaType: QCOW2_LAYER_MEDIA_TYPE,
        digest: qcow2.digest,
        size: qcow2.size,
        annotations: { 'org.opencontainers.image.title': qcow2.fileName },
      },
    ],
    annotations,
  });
}

/** The containerDisk's image config: linux/amd64, one uncompressed layer (its diff_id is its digest). */
export function containerDiskConfig(layerDigest: string, created?: string): Buffer {
  return canonicalJson({
    ...(created ? { created } : {}),
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [layerDigest] },
  });
}

export function containerDiskManifest(
  config: { digest: string; size: number },
  layer: { digest: string; size: number },
  annotations: Record<string, string>,
): Buffer {
  return canonicalJson({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: { mediaType: IMAGE_CONFIG_MEDIA_TYPE, ...config },
    layers: [{ mediaType: TAR_LAYER_MEDIA_TYPE, ...layer }],
    annotations,
  });
}
