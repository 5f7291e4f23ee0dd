/**
 * The private scratch directory of one build. It holds the answer medium (which contains the password), the
 * growing install disk and the sockets, so it is 0700 and removed at the end unless --keep-work-dir.
 * By default it sits next to the output, so the finished image reaches --output by a rename on one filesystem.
 * Uses: the options, output. Produces: workDir, createdOutputDirs (both removed again by its cleanup).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../../errors.js';
import type { BuildContext, Step } from '../context.js';

const PREFIX = '.bake-windows-image-';

export class PrepareWorkDir implements Step {
  readonly title = 'Preparing the work directory';
  readonly phase = 'answer-medium' as const;
  /** Remove the directory itself (we made it), or only its contents (the user's empty directory). */
  private removeDirectory = false;

  async run(context: BuildContext): Promise<void> {
    const { options } = context;
    // The output's directory is made now (a dry run makes nothing near --output).
    context.createdOutputDirs = options.dryRun ? [] : makeDirs(path.dirname(context.output!));
    if (options.workDir) {
      const dir = path.resolve(options.workDir);
      let entries: string[] | undefined;
      try {
        entries = readdirSync(dir);
      } catch {
        entries = undefined;
      }
      if (entries && entries.length > 0) {
        throw new BuildError('invalid-option', `--work-dir ${options.workDir} is not empty`, {
          hint: 'Give an empty or new directory; the build deletes what it puts there.',
        });
      }
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new BuildError(
          'output-unwritable',
          `Cannot create --work-dir ${options.workDir}: ${(error as Error).message}`,
          {
            hint: 'Choose a directory you can write to.',
          },
        );
      }
      this.removeDirectory = entries === undefined;
      context.workDir = dir;
    } else {
      // A dry run creates nothing near --output; a real build works next to it (same filesystem → atomic rename).
      const parent = options.dryRun ? os.tmpdir() : path.dirname(context.output!);
      try {
        context.workDir = mkdtempSync(path.join(parent, PREFIX));
      } catch (error) {
        throw new BuildError(
          'output-unwritable',
          `Cannot create a work directory in ${parent}: ${(error as Error).message}`,
          {
            hint: 'Choose an --output in a directory you can write to, or pass --work-dir.',
          },
        );
      }
      this.removeDirectory = true;
    }
    context.logger.debug(`Work directory: ${context.workDir}`);
  }

  async cleanup(context: BuildContext, succeeded: boolean): Promise<void> {
    const dir = context.workDir;
    if (dir && !context.options.keepWorkDir) {
      if (this.removeDirectory) {
        rmSync(dir, { recursive: true, force: true });
      } else {
        for (const entry of readdirSync(dir)) rmSync(path.join(dir, entry), { recursive: true, force: true });
      }
    } else if (dir) {
      context.logger.info(`Kept the work directory: ${dir} (it holds the password in autounattend.xml)`);
    }
    // Directories made for the output go again if no image landed in them.
    if (!succeeded) {
      for (const created of [...(context.createdOutputDirs ?? [])].reverse()) {
        try {
          rmdirSync(created);
        } catch {
          // Not empty (someone else's file, or the kept work dir): leave it.
        }
      }
    }
  }
}

/** mkdir -p that returns the directories it created, outermost first. */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    try {
      readdirSync(current);
      break;
    } catch {
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new BuildError('output-unwritable', `Cannot create ${dir}: ${(error as Error).message}`, {
      hint: 'Choose an --output in a directory you can write to.',
    });
  }
  return missing;
}
