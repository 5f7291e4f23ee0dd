/**
 * The Action: a short script of phases around the builder. Inputs → host setup → media (downloaded and
 * cached when given as URLs) → build → outputs → artifact → job summary, which is written whatever failed.
 * Whether the upload can work is checked before anything else. The password is masked before
 * anything is logged; the post step (post.ts) cleans up whatever a crashed or cancelled main left behind.
 */
import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { checkHostCanEverFit } from '../bake/steps/admission.js';
import type { BuildOptions } from '../bake/options.js';
import { Timeline } from '../bake/timeline.js';
import { installMissingPackages } from '../deps/host-packages.js';
import { MediaCache } from '../deps/media-cache.js';
import { asBuildError, BuildError } from '../errors.js';
import { formatBytes, formatDuration } from '../log.js';
import { checkUploadEnvironment, uploadImageArtifact, type UploadedArtifact } from '../publish/artifact.js';
import { PROGRAMS, requireProgram } from '../tools/exec.js';
import { autoArtifactName } from './artifact-name.js';
import { buildSavingMedia } from './build-steps.js';
import { readSettings, type ActionSettings } from './inputs.js';
import { bundleLine, publishFailureBundle } from './failure-bundle.js';
import { ensureKvm } from './kvm.js';
import { checkSpaceBeforeDownload, pendingDownloads, placeBuild, spaceNeeds } from './placement.js';
import { actionLogger } from './logger.js';
import {
  bytesTransferred,
  fetchMedium,
  verifyLocalFile,
  type FetchedMedium,
  type MediumReport,
} from './media.js';
import { removeIfEmpty, STATE_BUILD_ROOT, STATE_OUTPUT, STATE_PUBLISHED, STATE_WORK_DIR } from './post.js';
import {
  isInside,
  writeFailureSummary,
  writeSummary,
  type BuiltImage,
  type FailureSummaryInput,
} from './summary.js';
import { setBaselineOutputs } from './baseline.js';
import { publishToRegistry } from './registry.js';
import type { PushResult } from '../registry/push.js';

export async function runMain(signal: AbortSignal): Promise<void> {
  // The entry point (src/index.ts) has masked the password before anything else ran.
  let settings: ActionSettings | undefined;
  let options: BuildOptions | undefined;
  let result: BuiltImage | undefined;
  // The action's own phases (download, upload) around the build's, for the summary's timeline.
  const timeline = new Timeline();
  // Where each medium came from, for the summary (filled as they arrive).
  const media: MediumReport[] = [];
  let localCache: MediaCache | undefined;
  let placed: string | undefined;
  try {
    settings = await core.group('Reading inputs', async () => readSettings());
    // Before the host packages, the downloads and the build: an upload that cannot work fails in seconds.
    if (settings.artifactName) checkUploadEnvironment(settings.artifactName);
    // No output given: the work dir and the output go to the disk with the most free space.
    const runnerTemp = settings.runnerTemp;
    placed = settings.outputGiven
      ? undefined
      : await core.group('Choosing a disk', () => placeBuild(runnerTemp));
    if (placed) core.saveState(STATE_BUILD_ROOT, placed);
    // The post step needs to know what to clean up, even if this process dies.
    const workDir = placed
      ? path.join(placed, 'work')
      : path.join(
          settings.runnerTemp,
          'bake-windows-image',
          `work-${process.env.GITHUB_RUN_ID ?? 'local'}-${randomBytes(4).toString('hex')}`,
        );
    core.saveState(STATE_WORK_DIR, workDir);
    options = {
      ...settings.options,
      workDir,
      ...(placed && { output: path.join(placed, path.basename(settings.options.output)) }),
    };
    core.saveState(STATE_OUTPUT, path.resolve(options.output));
    if (!settings.artifactName) warnNoUpload(settings, options.output);
    if (settings.mediaCache) {
      localCache = new MediaCache(settings.mediaCache.dir, settings.mediaCache.maxBytes, actionLogger);
    }
    const built = await bake(settings, options, signal, timeline, { localCache, reports: media });
    if (built.kind === 'image') {
      result = built;
      await publishImage(built, settings, options, timeline, media);
    }
  } catch (error) {
    timeline.end();
    await fail(
      error,
      { result, options, runnerTemp: settings?.runnerTemp, timeline: timeline.toJSON(), media },
      settings,
    );
    // The build removed its work dir; an empty directory of the action's own choosing goes too.
    removeIfEmpty(placed);
  } finally {
    // The job no longer holds its cached media: another job's eviction may take them.
    await localCache?.release();
  }
  // Ended by itself: the build cleaned up, and a partial file left now is a finished image it kept.
  core.saveState(STATE_OUTPUT, '');
}

/** No upload at all is said out loud, with where the image will stay (unless it goes to a registry instead). */
function warnNoUpload(settings: ActionSettings, where: string): void {
  // Pushed to a registry instead: not uploading the artifact is what was asked.
  if (settings.publish.registry) return;
  core.warning(
    `artifact-name is empty: the image will not be uploaded. It stays at ${where} (the image-path output)` +
      (isInside(where, settings.runnerTemp)
        ? ', inside runner.temp, which is wiped when the job ends: set output to a path outside it, or keep the image in a later step.'
        : '.'),
    { title: 'bake-windows-image: no upload' },
  );
}

async function bake(
  settings: ActionSettings,
  options: BuildOptions,
  signal: AbortSignal,
  timeline: Timeline,
  { localCache, reports }: { localCache?: MediaCache; reports: MediumReport[] },
) {
  if (settings.installDeps) {
    await core.group('Installing host packages', async () => {
      const installed = await installMissingPackages(options.firmware, actionLogger, signal);
      if (installed.length === 0) core.info('All host packages are present.');
    });
  }

  // Before any download: a runner without usable KVM or tools should fail in seconds, not after 6 GB.
  const accel = await ensureKvm(settings.enableKvm, options.accel, undefined, signal);
  // A guest bigger than this host could ever hold.
  checkHostCanEverFit(options, accel);
  checkSpaceBeforeDownload(spaceNeeds(options, pendingDownloads(settings, options)));
  for (const program of [PROGRAMS.xorrisofs, PROGRAMS.qemuImg, PROGRAMS.qemuSystem]) requireProgram(program);

  timeline.start('media');
  const media = await core.group('Getting the installation media', async () => {
    for (const check of settings.localChecksums) await verifyLocalFile(check);
    const fetched: FetchedMedium[] = [];
    const wanted = [
      [settings.isoDownload, options.iso, 'windows-iso', 'disc-image'],
      [settings.virtioWinDownload, options.virtioWinIso, 'virtio-win', 'disc-image'],
      [options.opensshMsi && settings.opensshMsiDownload, options.opensshMsi, 'openssh-msi', 'msi'],
    ] as const;
    for (const [remote, target, prefix, content] of wanted) {
      if (!remote || !target) continue;
      const medium = await fetchMedium(remote, target, prefix, content, signal, localCache);
      fetched.push(medium);
      reports.push({ name: medium.name, origin: medium.origin, bytesTransferred: medium.bytesTransferred });
    }
    core.info(`Media: ${formatBytes(bytesTransferred(fetched))} transferred`);
    return fetched;
  });
  core.setOutput('cache-hit', String(media.length > 0 && media.every((m) => m.cacheHit)));
  core.setOutput('media-bytes-transferred', String(bytesTransferred(media)));

  return core.group('Building the image', () =>
    buildSavingMedia(options, media, signal, { timeline, historyDir: settings.historyDir }),
  );
}

/**
 * A built image: its outputs first (a later `if: always()` step needs image-path even when the upload
 * fails), then the artifact and the summary. A failure here says where the image is and how to keep it.
 */
export async function publishImage(
  result: BuiltImage,
  settings: ActionSettings,
  options: BuildOptions,
  timeline?: Timeline,
  media?: readonly MediumReport[],
): Promise<void> {
  setImageOutputs(result);
  // The result's timeline is the build's; the action's own adds the download and the upload.
  const timelineJson = () => {
    timeline?.end();
    return timeline?.toJSON() ?? result.timeline;
  };
  try {
    let artifact: UploadedArtifact | undefined;
    const name = settings.autoArtifact
      ? autoArtifactName({ ...settings.autoArtifact, os: result.os })
      : settings.artifactName;
    if (name) {
      timeline?.start('upload');
      artifact = await core.group('Uploading the artifact', () =>
        uploadImageArtifact({
          file: result.image.path,
          artifactName: name,
          retentionDays: settings.retentionDays,
          logger: actionLogger,
        }).catch((error: unknown) => {
          throw keepImageAdvice(asBuildError(error), result.image.path, settings.runnerTemp);
        }),
      );
      // A copy lives elsewhere now: the post step may remove a build directory the action chose.
      core.saveState(STATE_PUBLISHED, 'true');
      core.setOutput('artifact-name', artifact.name);
      core.setOutput('artifact-id', String(artifact.id));
      core.setOutput('artifact-url', artifact.url ?? '');
    }
    let pushed: PushResult | undefined;
    if (settings.publish.registry) {
      timeline?.start('upload');
      pushed = await publishToRegistry(result, options, settings.publish.registry).catch((error: unknown) => {
        throw keepImageAdvice(asBuildError(error), result.image.path, settings.runnerTemp);
      });
      core.saveState(STATE_PUBLISHED, 'true');
    }
    await writeSummary({ result, options, artifact, registry: pushed, timeline: timelineJson(), media });
  } catch (error) {
    await fail(error, { result, options, runnerTemp: settings.runnerTemp, timeline: timelineJson(), media });
  }
}

/** An upload that failed: runner.temp does not outlive the job, so say how to keep the image. */
function keepImageAdvice(error: BuildError, image: string, runnerTemp: string): BuildError {
  const keep = isInside(image, runnerTemp)
    ? `The image is at ${image}, inside runner.temp, which is wiped when the job ends. To keep it, set output to a path outside runner.temp, or add a step after this one with if: always() that uploads or copies steps.<id>.outputs.image-path (e.g. actions/upload-artifact with path: that output).`
    : `The image stays at ${image} (the image-path output); a later step with if: always() can upload or copy it.`;
  const hint = error.hint ? `${error.hint} ${keep}` : keep;
  return new BuildError(error.code, error.message, { hint, cause: error });
}

/**
 * One annotation per failure (setFailed would add a second one without the title), and the summary; a
 * failure bundle is uploaded first, so that both can name its artifact.
 */
export async function fail(
  error: unknown,
  context: Omit<FailureSummaryInput, 'error' | 'bundle'>,
  upload?: Pick<ActionSettings, 'artifactName' | 'retentionDays'>,
): Promise<void> {
  const buildError = asBuildError(error);
  const bundle = await publishFailureBundle(buildError, upload, actionLogger);
  const text = [buildError.message, buildError.hint, bundle && bundleLine(bundle)].filter(Boolean).join('\n');
  core.error(text, { title: `bake-windows-image: ${buildError.code}` });
  process.exitCode = 1;
  try {
    await writeFailureSummary({ error: buildError, ...context, bundle });
  } catch (summaryError) {
    core.warning(`Could not write the job summary: ${(summaryError as Error).message}`);
  }
}

function setImageOutputs(result: BuiltImage): void {
  setBaselineOutputs(result);
  core.setOutput('image-path', result.image.path);
  core.setOutput('image-sha256', result.image.sha256);
  core.setOutput('image-size', String(result.image.sizeBytes));
  core.setOutput('virtual-size', String(result.image.virtualSizeBytes));
  core.setOutput('duration-seconds', String(Math.round(result.durationMs / 1000)));
  core.setOutput('firmware-vars-path', result.image.firmwareState?.vars ?? '');
  core.setOutput('tpm-state-path', result.image.firmwareState?.tpm ?? '');
  core.info(
    `Image ${result.image.path}: ${formatBytes(result.image.sizeBytes)}, built in ${formatDuration(result.durationMs)}`,
  );
}
