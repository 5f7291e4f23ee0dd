/**
 * The action's post step after a main that was killed: its processes stopped, its work dir and the partial
 * files next to the output removed; a dead process does not stop the cleanup; nothing else is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { partialFilesOf, runPost, terminate } from '../../src/action/post.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bwi-post-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function state(values: Record<string, string>): () => void {
  for (const [name, value] of Object.entries(values)) process.env[`STATE_${name}`] = value;
  return () => {
    for (const name of Object.keys(values)) delete process.env[`STATE_${name}`];
  };
}

describe('the post step', () => {
  it("stops the build's processes and removes its work dir and the partials next to the output", async () => {
    const workDir = path.join(dir, 'work-1');
    const out = path.join(dir, 'out');
    mkdirSync(workDir);
    mkdirSync(out);
    const output = path.join(out, 'win11.qcow2');
    const partials = [
      '.win11.qcow2.partial-0a1b2c3d',
      '.win11.efivars.fd.partial-0a1b2c3d',
      '.win11.tpm.partial-0a1b2c3d',
    ];
    for (const name of partials) writeFileSync(path.join(out, name), 'partial');
    const others = ['win11.qcow2.bak', '.other.qcow2.partial-0a1b2c3d', '.win11.qcow2.partial-notours'];
    for (const name of others) writeFileSync(path.join(out, name), 'not ours');
    // A process of the build: its command line names the work dir.
    const qemuLike = spawn('sh', ['-c', `sleep 300; : ${workDir}`], { stdio: 'ignore' });
    const exited = new Promise((resolve) => qemuLike.on('exit', resolve));
    expect(
      partialFilesOf(output)
        .map((file) => path.basename(file))
        .sort(),
    ).toEqual([...partials].sort());

    const clear = state({ 'work-dir': workDir, output });
    try {
      await runPost();
    } finally {
      clear();
    }
    await exited;
    expect(existsSync(workDir)).toBe(false);
    expect(readdirSync(out).sort()).toEqual([...others].sort());
  });

  it('leaves the partials alone when main ended by itself (the output cleared from the state)', async () => {
    const out = path.join(dir, 'kept');
    mkdirSync(out);
    writeFileSync(path.join(out, '.win11.qcow2.partial-0a1b2c3d'), 'a finished image main kept');
    const clear = state({ 'work-dir': path.join(dir, 'work-2'), output: '' });
    try {
      await runPost();
    } finally {
      clear();
    }
    expect(readdirSync(out)).toEqual(['.win11.qcow2.partial-0a1b2c3d']);
  });

  describe("the action's own build directory (output not set)", () => {
    /** <dir>/<name>/bake-windows-image-…/ with an image and an emptied work dir, as a finished main leaves it. */
    function placed(name: string): { root: string; image: string } {
      const root = path.join(dir, name, 'bake-windows-image-local-x1');
      mkdirSync(path.join(root, 'work'), { recursive: true });
      const image = path.join(root, 'windows.qcow2');
      writeFileSync(image, 'a finished image');
      return { root, image };
    }

    async function post(root: string, published: boolean, runnerTemp: string): Promise<void> {
      const clear = state({
        'work-dir': path.join(root, 'work'),
        output: '',
        'build-root': root,
        ...(published && { published: 'true' }),
      });
      const before = process.env.RUNNER_TEMP;
      process.env.RUNNER_TEMP = runnerTemp;
      try {
        await runPost();
      } finally {
        clear();
        process.env.RUNNER_TEMP = before;
        if (before === undefined) delete process.env.RUNNER_TEMP;
      }
    }

    it('is removed with the image once published, when outside runner.temp (a self-hosted /mnt)', async () => {
      const { root } = placed('mnt-published');
      await post(root, true, path.join(dir, 'runner-temp'));
      expect(existsSync(root)).toBe(false);
    });

    it('is kept with the image when nothing was published', async () => {
      const { root, image } = placed('mnt-unpublished');
      await post(root, false, path.join(dir, 'runner-temp'));
      expect(existsSync(image)).toBe(true);
    });

    it('is left to the runner inside runner.temp', async () => {
      const runnerTemp = path.join(dir, 'runner-temp-2');
      const { root, image } = placed('runner-temp-2');
      await post(root, true, runnerTemp);
      expect(existsSync(image)).toBe(true);
    });
  });

  it('a process that is already gone does not stop the cleanup', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    await expect(terminate([gone.pid!, 999_999_999])).resolves.toBeUndefined();
  });
});
