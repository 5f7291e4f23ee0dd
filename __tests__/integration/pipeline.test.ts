/**
 * The real pipeline (xorrisofs, qemu-img, files) with the VM step replaced by one that writes data into the
 * disk with qemu-io: the disk is sparse, the image lands at --output only by an atomic rename, failures and
 * cancellation leave nothing behind, and a finished image is never lost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSteps, WindowsImageBuilder, type BuildInput } from '../../src/bake/builder.js';
import type { BuildContext, Step } from '../../src/bake/context.js';
import { AnswerBootPrompt } from '../../src/bake/steps/boot-prompt.js';
import { RunVm } from '../../src/bake/steps/run-vm.js';
import { ShutDown } from '../../src/bake/steps/shut-down.js';
import { StartTpm } from '../../src/bake/steps/start-tpm.js';
import { TrimFreeSpace } from '../../src/bake/steps/trim.js';
import { WaitUntilReady } from '../../src/bake/steps/wait-until-ready.js';
import { BuildError } from '../../src/errors.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { tempDir } from '../support/cli.js';
import { makeVirtioIso, makeWindowsIso } from '../support/windows-media.js';

let dir: string;
let input: Omit<BuildInput, 'output'>;

beforeAll(async () => {
  dir = tempDir('pipeline');
  input = {
    iso: await makeWindowsIso(dir, 'windows'),
    virtioWinIso: makeVirtioIso(dir),
    accel: 'tcg',
    firmware: 'bios',
    diskSizeMiB: 1024,
    password: `p&ss<w>"rd'`,
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VM_STEPS = [StartTpm, RunVm, AnswerBootPrompt, WaitUntilReady, TrimFreeSpace, ShutDown];

/** Steps with the VM replaced: `vm` stands where the VM's steps stand. */
function stepsWith(vm: Step): Step[] {
  return createSteps().flatMap((step) =>
    step instanceof RunVm ? [vm] : VM_STEPS.some((kind) => step instanceof kind) ? [] : [step],
  );
}

const writesData: Step = {
  title: 'Writing test data into the disk',
  async run(context) {
    execFileSync('qemu-io', [
      '-f',
      'qcow2',
      '-c',
      'write -P 0xab 0 8M',
      '-c',
      'write -z 8M 8M',
      context.disk!,
    ]);
  },
};

describe('a build with the VM replaced', () => {
  it('creates a sparse disk, compacts it, and renames the image into place', async () => {
    const output = path.join(dir, 'ok', 'nested', 'image.qcow2');
    let allocatedAtStart = -1;
    let workDir = '';
    const inspect: Step = {
      title: 'inspect',
      async run(context: BuildContext) {
        workDir = context.workDir!;
        allocatedAtStart = statSync(context.disk!).blocks * 512;
        expect(existsSync(output)).toBe(false);
        await writesData.run(context);
      },
    };
    const logger = recordingLogger();
    const result = await new WindowsImageBuilder({ ...input, output }, logger, stepsWith(inspect)).build();

    expect(allocatedAtStart).toBeLessThan(1024 * 1024); // 1 GiB virtual, nothing preallocated
    expect(result.kind).toBe('image');
    if (result.kind !== 'image') return;
    expect(result.image.path).toBe(output);
    expect(result.image.virtualSizeBytes).toBe(1024 * 1024 * 1024);
    expect(result.image.sizeBytes).toBe(statSync(output).size);
    expect(result.image.sha256).toBe(createHash('sha256').update(readFileSync(output)).digest('hex'));
    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', output], { encoding: 'utf8' }),
    );
    expect(info['format-specific'].data['compression-type']).toBe('zstd');
    // The data survived compaction.
    execFileSync('qemu-io', ['-r', '-f', 'qcow2', '-c', 'read -P 0xab 0 8M', output]);
    // Nothing else next to the output; the work dir is gone.
    expect(readdirSync(path.dirname(output))).toEqual(['image.qcow2']);
    expect(existsSync(workDir)).toBe(false);
    expect(logger.lines.join('\n')).not.toContain(`p&ss<w>"rd'`);
  });

  it('leaves nothing behind when a step fails, not even the output directories it made', async () => {
    const output = path.join(dir, 'fails', 'deep', 'image.qcow2');
    let workDir = '';
    const failing: Step = {
      title: 'failing',
      async run(context) {
        workDir = context.workDir!;
        await writesData.run(context);
        throw new BuildError('tool-failed', 'the guest exploded');
      },
    };
    const error = await failureOf(
      new WindowsImageBuilder({ ...input, output }, undefined, stepsWith(failing)).build(),
    );
    expect(error.message).toBe('the guest exploded');
    expect(existsSync(workDir)).toBe(false);
    expect(existsSync(path.join(dir, 'fails'))).toBe(false);
  });

  it('cleans up when cancelled, also after QEMU started (no failure bundle)', async () => {
    const output = path.join(dir, 'cancel', 'image.qcow2');
    const controller = new AbortController();
    let workDir = '';
    const cancelling: Step = {
      title: 'cancelling',
      async run(context) {
        workDir = context.workDir!;
        // As if QEMU ran: a failure would now leave a bundle beside the output, a cancel must not.
        context.session = {} as NonNullable<BuildContext['session']>;
        controller.abort(new Error('received SIGTERM'));
      },
    };
    const logger = recordingLogger();
    const error = await failureOf(
      new WindowsImageBuilder({ ...input, output }, logger, stepsWith(cancelling)).build(controller.signal),
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/received SIGTERM/);
    expect(existsSync(workDir)).toBe(false);
    expect(existsSync(path.dirname(output))).toBe(false);
    expect(logger.lines.filter((line) => /failure bundle/i.test(line))).toEqual([]);
  });

  it('never loses a finished image: if --output appears meanwhile, the error says where the image is', async () => {
    const outDir = path.join(dir, 'race');
    mkdirSync(outDir);
    const output = path.join(outDir, 'image.qcow2');
    const intruder: Step = {
      title: 'someone writes the output',
      async run(context) {
        await writesData.run(context);
        writeFileSync(output, 'not ours');
      },
    };
    const error = await failureOf(
      new WindowsImageBuilder({ ...input, output }, undefined, stepsWith(intruder)).build(),
    );
    expect(error.code).toBe('output-exists');
    const kept = error.hint!.match(/The finished image is at (\S+):/)![1]!;
    expect(existsSync(kept)).toBe(true);
    expect(path.dirname(kept)).toBe(outDir);
    execFileSync('qemu-io', ['-r', '-f', 'qcow2', '-c', 'read -P 0xab 0 8M', kept]);
    expect(readFileSync(output, 'utf8')).toBe('not ours');
  });

  it('keeps the work dir with --keep-work-dir and only empties a --work-dir it did not create', async () => {
    const work = path.join(dir, 'given-work');
    mkdirSync(work);
    const output = path.join(dir, 'given', 'image.qcow2');
    await new WindowsImageBuilder(
      { ...input, output, workDir: work },
      undefined,
      stepsWith(writesData),
    ).build();
    expect(existsSync(work)).toBe(true);
    expect(readdirSync(work)).toEqual([]);

    const kept = path.join(dir, 'kept-work');
    await new WindowsImageBuilder(
      { ...input, output: path.join(dir, 'kept', 'image.qcow2'), workDir: kept, keepWorkDir: true },
      undefined,
      stepsWith(writesData),
    ).build();
    expect(readdirSync(kept).sort()).toEqual(
      expect.arrayContaining(['autounattend.iso', 'autounattend.xml', 'disk.qcow2', 'first-logon.ps1']),
    );
    expect(statSync(path.join(kept, 'autounattend.xml')).mode & 0o777).toBe(0o600);
  });

  it('refuses a --work-dir that is not empty', async () => {
    const work = path.join(dir, 'busy-work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'keep-me'), 'x');
    const error = await failureOf(
      new WindowsImageBuilder({ ...input, output: path.join(dir, 'busy', 'x.qcow2'), workDir: work }).build(),
    );
    expect(error.message).toMatch(/--work-dir .* is not empty/);
    expect(readdirSync(work)).toEqual(['keep-me']);
  });

  describe('with --keep-firmware-state', () => {
    /** The VM step, also changing the variable store and the TPM state as a real install would. */
    const changesFirmwareState: Step = {
      title: 'install, changing firmware state',
      async run(context) {
        await writesData.run(context);
        const firmware = context.vm!.firmware;
        if (firmware.type === 'uefi') writeFileSync(firmware.vars, 'vars after Setup');
        mkdirSync(path.join(context.workDir!, 'tpm'), { recursive: true });
        writeFileSync(path.join(context.workDir!, 'tpm', 'tpm2-00.permall'), 'tpm state after Setup');
      },
    };

    it('puts the UEFI vars and the TPM state next to the image', async () => {
      const output = path.join(dir, 'firmware', 'win11.qcow2');
      const logger = recordingLogger();
      const result = await new WindowsImageBuilder(
        { ...input, output, firmware: 'uefi-secure', keepFirmwareState: true },
        logger,
        stepsWith(changesFirmwareState),
      ).build();
      const vars = path.join(dir, 'firmware', 'win11.efivars.fd');
      const tpm = path.join(dir, 'firmware', 'win11.tpm');
      expect(result.kind === 'image' && result.image.firmwareState).toEqual({ vars, tpm });
      expect(readdirSync(path.join(dir, 'firmware')).sort()).toEqual([
        'win11.efivars.fd',
        'win11.qcow2',
        'win11.tpm',
      ]);
      expect(readFileSync(vars, 'utf8')).toBe('vars after Setup');
      expect(readFileSync(path.join(tpm, 'tpm2-00.permall'), 'utf8')).toBe('tpm state after Setup');
      expect(logger.lines).toContain(`Firmware state: ${vars} and ${tpm}`);
    });

    it('keeps only the vars with plain UEFI, and nothing when not asked', async () => {
      const plain = path.join(dir, 'firmware-plain', 'win11.qcow2');
      await new WindowsImageBuilder(
        { ...input, output: plain, firmware: 'uefi', keepFirmwareState: true },
        undefined,
        stepsWith(changesFirmwareState),
      ).build();
      expect(readdirSync(path.dirname(plain)).sort()).toEqual(['win11.efivars.fd', 'win11.qcow2']);
      const none = path.join(dir, 'firmware-none', 'win11.qcow2');
      await new WindowsImageBuilder(
        { ...input, output: none, firmware: 'uefi' },
        undefined,
        stepsWith(changesFirmwareState),
      ).build();
      expect(readdirSync(path.dirname(none))).toEqual(['win11.qcow2']);
    });

    it('never loses the state of a finished image that cannot be placed', async () => {
      const output = path.join(dir, 'firmware-race', 'win11.qcow2');
      const racing: Step = {
        title: 'install, then someone writes the output',
        async run(context) {
          await changesFirmwareState.run(context);
          mkdirSync(path.dirname(output), { recursive: true });
          writeFileSync(output, 'someone else');
        },
      };
      const error = await failureOf(
        new WindowsImageBuilder(
          { ...input, output, firmware: 'uefi-secure', keepFirmwareState: true },
          undefined,
          stepsWith(racing),
        ).build(),
      );
      expect(error.code).toBe('output-exists');
      const kept = readdirSync(path.dirname(output)).filter((name) => name.startsWith('.'));
      expect(kept).toHaveLength(3); // the image, the vars and the TPM state, all hidden partials
      for (const name of kept) expect(error.hint).toContain(path.join(path.dirname(output), name));
      expect(readFileSync(output, 'utf8')).toBe('someone else');
    });
  });
});
