/**
 * `pushImage`: a baked qcow2 to an OCI registry, as an artifact, a KubeVirt containerDisk, or both, under each
 * tag; resolves to the manifest digests and references. Blobs the registry has are not sent again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../errors.js';
import { formatBytes, silentLogger, type Logger } from '../log.js';
import { credentialsFromDockerConfig, type Credentials } from './auth.js';
import { blobSource, bytesBlob, digestOf, type BlobPart, type BlobSource } from './blob-source.js';
import { pushBlob } from './blob-upload.js';
import { checkChunkSize } from './chunks.js';
import { RegistryClient } from './client.js';
import {
  artifactManifest,
  containerDiskConfig,
  containerDiskManifest,
  EMPTY_CONFIG,
  EMPTY_CONFIG_MEDIA_TYPE,
  imageAnnotations,
  IMAGE_CONFIG_MEDIA_TYPE,
  MANIFEST_MEDIA_TYPE,
  QCOW2_LAYER_MEDIA_TYPE,
  sha256Digest,
  TAR_LAYER_MEDIA_TYPE,
  type ImageMetadata,
} from './formats.js';
import { checkTag, chooseTags, formatReference, parseReference } from './reference.js';
import { TAR_NAME_BYTES, tarHeader, tarTrailer } from './tar.js';

export const REGISTRY_FORMATS = ['artifact', 'containerdisk', 'both'] as const;
export type RegistryFormat = (typeof REGISTRY_FORMATS)[number];
/** With format both, the containerDisk's tags are the artifact's with this suffix. */
export const CONTAINERDISK_TAG_SUFFIX = '-containerdisk';

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
  metadata?: Omit<ImageMetadata, 'sha256'> & { sha256?: string };
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
  blobs: { uploaded: number; existing: number };
}

/** The options checked before anything is read or sent: usage errors (exit 2) for a bad ref, tag or image. */
export function planPush(options: PushOptions) {
  const ref = parseReference(options.ref);
  const format = options.format ?? 'artifact';
  if (!REGISTRY_FORMATS.includes(format)) {
    throw new BuildError('invalid-option', `Unknown registry format "${String(format)}"`, {
      hint: `Give one of ${REGISTRY_FORMATS.join(', ')}.`,
    });
  }
  const chunkSizeBytes =
    options.chunkSizeBytes === undefined
      ? undefined
      : checkChunkSize(options.chunkSizeBytes, 'chunkSizeBytes');
  let size: number;
  // When the image was made (its last write): the same image pushed twice gets the same manifests.
  let madeAt: Date;
  try {
    const stat = statSync(options.image);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
    madeAt = stat.mtime;
  } catch (error) {
    throw new BuildError(
      'usage',
      `The image to push, ${options.image}, is not a readable file (${(error as Error).message})`,
      {
        hint: 'Give the path of the baked qcow2 (build-image prints it, the action has it as image-path).',
      },
    );
  }
  const given = [...(ref.tag ? [ref.tag] : []), ...(options.tags ?? [])];
  const tags = chooseTags(given, {
    edition: options.metadata?.edition,
    date: options.now ?? madeAt,
    moving: options.movingTag ? checkTag(options.movingTag) : 'latest',
  });
  const diskTags =
    format === 'containerdisk'
      ? tags
      : format === 'both'
        ? tags.map((tag) => checkTag(tag + CONTAINERDISK_TAG_SUFFIX))
        : [];
  return {
    ref,
    format,
    size,
    madeAt,
    chunkSizeBytes,
    artifactTags: format === 'containerdisk' ? [] : tags,
    diskTags,
    diskEntry: containerDiskEntryName(path.basename(options.image)),
  };
}

/**
 * The containerDisk's tar entry: `disk/<file name>` when it fits ustar's 100-byte name field, else
 * `disk/disk.qcow2` (KubeVirt boots the one file in /disk whatever its name). Pure.
 */
function containerDiskEntryName(fileName: string): string {
  const name = `disk/${fileName}`;
  return Buffer.byteLength(name) <= TAR_NAME_BYTES ? name : 'disk/disk.qcow2';
}

export async function pushImage(options: PushOptions): Promise<PushResult> {
  const plan = planPush(options);
  const logger = options.logger ?? silentLogger;
  const credentials = options.credentials ?? credentialsFromDockerConfig(plan.ref.registry);
  const client = new RegistryClient(plan.ref, {
    insecure: options.insecure,
    credentials,
    logger,
    signal: options.signal,
    retryDelayMs: options.retryDelayMs,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const fileName = path.basename(options.image);
  const qcow2: BlobPart = { file: options.image, size: plan.size };
  logger.info(`Hashing ${options.image} (${formatBytes(plan.size)})`);
  if (plan.chunkSizeBytes !== undefined)
    logger.info(`Uploading in chunks of at most ${formatBytes(plan.chunkSizeBytes)} (one request each)`);
  const digest = await digestOf([qcow2]);
  const sha256 = digest.slice('sha256:'.length);
  if (options.metadata?.sha256 && options.metadata.sha256 !== sha256) {
    throw new BuildError(
      'checksum-mismatch',
      `The metadata is of another image: its sha256 is ${options.metadata.sha256}, ${options.image} has ${sha256}`,
      {
        hint: 'Give the --metadata JSON that build-image printed for this very image.',
      },
    );
  }
  const created = options.metadata?.created ?? plan.madeAt.toISOString();
  const annotations = imageAnnotations({ ...options.metadata, sha256, created });
  const blobs = { uploaded: 0, existing: 0 };
  const send = async (blob: BlobSource, what: string): Promise<void> => {
    const outcome = await pushBlob(client, blob, { chunkSizeBytes: plan.chunkSizeBytes });
    blobs[outcome.status === 'exists' ? 'existing' : 'uploaded']++;
    logger.info(
      `${what} ${blob.digest} (${formatBytes(blob.size)}): ${outcome.status === 'exists' ? 'already there' : 'uploaded'}`,
    );
  };
  const manifests: PushedManifest[] = [];
  const tagAll = async (
    format: PushedManifest['format'],
    manifest: Buffer,
    tags: readonly string[],
  ): Promise<void> => {
    const manifestDigest = sha256Digest(manifest);
    for (const tag of tags) {
      const reported = await client.putManifest(tag, manifest, MANIFEST_MEDIA_TYPE);
      if (reported && reported !== manifestDigest) {
        throw new BuildError(
          'push-failed',
          `${client.name}:${tag} stored the manifest as ${reported}, not ${manifestDigest}`,
          {
            hint: 'The registry changed the manifest; it may not support OCI manifests with annotations or artifactType.',
          },
        );
      }
      logger.info(`${format}: ${formatReference(plan.ref, tag)} → ${manifestDigest}`);
    }
    manifests.push({
      format,
      digest: manifestDigest,
      tags: [...tags],
      reference: formatReference(plan.ref, manifestDigest),
    });
  };

  try {
    if (plan.artifactTags.length > 0) {
      await send(bytesBlob(EMPTY_CONFIG, EMPTY_CONFIG_MEDIA_TYPE), 'config');
      await send(blobSource([qcow2], digest, QCOW2_LAYER_MEDIA_TYPE), 'qcow2');
      await tagAll(
        'artifact',
        artifactManifest({ digest, size: plan.size, fileName }, annotations),
        plan.artifactTags,
      );
    }
    if (plan.diskTags.length > 0) {
      // mtime 0: the same qcow2 makes the same layer, which the registry then already has.
      const header = tarHeader({
        name: plan.diskEntry,
        size: plan.size,
        mode: 0o440,
        uid: 107,
        gid: 107,
        mtime: 0,
      });
      const parts: BlobPart[] = [{ bytes: header }, qcow2, { bytes: tarTrailer(plan.size) }];
      const layer = blobSource(parts, await digestOf(parts), TAR_LAYER_MEDIA_TYPE);
      const config = bytesBlob(containerDiskConfig(layer.digest, created), IMAGE_CONFIG_MEDIA_TYPE);
      await send(config, 'config');
      await send(layer, 'containerDisk layer');
      await tagAll('containerdisk', containerDiskManifest(config, layer, annotations), plan.diskTags);
    }
  } catch (error) {
    if (error instanceof BuildError && error.exitCode === 1 && !error.message.includes(options.image)) {
      throw new BuildError(error.code, error.message, {
        hint: `${error.hint ?? ''} The image stays at ${options.image}; push it again with bake-windows-image push-image --image ${options.image} --ref ${options.ref}.`.trim(),
        cause: error,
      });
    }
    throw error;
  }
  const first = manifests[0];
  if (!first) throw new BuildError('internal', 'Nothing was pushed');
  return { digest: first.digest, reference: first.reference, manifests, sha256, blobs };
}
