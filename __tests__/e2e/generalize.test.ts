/**
 * --generalize: sysprep ends the bake, and every VM made from the image gets its own computer name and machine
 * SID at its first boot, logs in with the same account, and keeps no copy of the answer file that carried
 * the password. Two clones boot from qcow2 overlays of one image.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { powershellCommand } from '../../src/guest/ssh.js';
import { testPathScript } from '../../src/guest/scripts.js';
import { CLONE_ANSWER_FILE, PANTHER_ANSWER_FILE } from '../../src/unattend/clone-answer-file.js';
import { bootAndCheck } from '../support/boot.js';
import { recordingLogger } from '../support/build.js';
import { expectNothingLeft, PASSWORD, standinBuilder, standinFixture, USERNAME } from '../support/e2e.js';

// A whole bake of the stand-in under TCG, then two first boots of clones.
jest.setTimeout(1_200_000);

const fixture = standinFixture('generalize');

describe('--generalize', () => {
  it('gives every clone its own name and SID, the same account, and no answer file left', async () => {
    const logger = recordingLogger();
    const result = await standinBuilder(
      fixture.media,
      fixture.dir,
      { generalize: true, hostname: 'bake-gen' },
      undefined,
      logger,
    ).build();
    expectNothingLeft(fixture.dir);
    if (result.kind !== 'image') throw new Error('no image');
    const said = logger.lines.join('\n');
    expect(said).toMatch(/guest: removed 0 Appx package\(s\)/);
    expect(said).toMatch(/sysprep generalized the guest and powered it off/);

    const clones = ['a', 'b'].map((name) => {
      const overlay = path.join(fixture.dir, `clone-${name}.qcow2`);
      execFileSync('qemu-img', [
        'create',
        '-q',
        '-f',
        'qcow2',
        '-b',
        result.image.path,
        '-F',
        'qcow2',
        overlay,
      ]);
      return overlay;
    });
    const commands = {
      sid: 'whoami /user',
      pantherAnswer: powershellCommand(testPathScript(PANTHER_ANSWER_FILE)),
      sysprepAnswer: powershellCommand(testPathScript(CLONE_ANSWER_FILE)),
    };
    const booted = await Promise.all(
      clones.map((overlay) =>
        bootAndCheck(overlay, 'bios', { username: USERNAME, password: PASSWORD }, 600_000, commands),
      ),
    );

    const names = booted.map((boot) => boot.hostname.stdout.trim());
    const sids = booted.map((boot) => /S-1-5-21-\d+-\d+-\d+-1001/.exec(boot.answers.sid!.stdout)?.[0]);
    for (const [index, boot] of booted.entries()) {
      expect(boot.serial).toMatch(/specialize: computer name WIN-/);
      expect(names[index]).toMatch(/^WIN-[A-Z0-9]{11}$/);
      expect(sids[index]).toBeDefined();
      // The clone's first boot deleted both copies of the answer file that carried the password.
      expect(boot.answers.pantherAnswer!.stdout.trim()).toBe('False');
      expect(boot.answers.sysprepAnswer!.stdout.trim()).toBe('False');
    }
    expect(names[0]).not.toBe(names[1]);
    expect(sids[0]).not.toBe(sids[1]);
    // sshd's host keys were forgotten before sysprep: each clone made its own.
    expect(booted[0]!.hostKey).not.toBe(booted[1]!.hostKey);
  });
});
