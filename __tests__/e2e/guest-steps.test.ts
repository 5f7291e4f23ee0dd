/**
 * A first-logon step that fails, and SSH that never answers after the ready line: the build fails as soon
 * as that is certain, with what the guest said, instead of at the build timeout.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PlanVm } from '../../src/bake/steps/vm-plan.js';
import { failureOf, recordingLogger } from '../support/build.js';
import { expectBundle, HOSTILE_PASSWORD } from '../support/bundle.js';
import { expectNothingLeft, replacing, standinBuilder, standinFixture } from '../support/e2e.js';
import { standinMedia } from '../support/standin.js';
import { PlanVmWith } from '../support/steps.js';

// Whole bakes of the stand-in under TCG take minutes.
jest.setTimeout(900_000);

const fixture = standinFixture('steps');
afterEach(() => expectNothingLeft(fixture.dir));

/** Long enough that a failure at the timeout could never pass for a fast one. */
const TIMEOUT = { buildTimeoutSeconds: 900 };

describe('a failed guest step and an SSH that never answers', () => {
  it("sshd that cannot start fails the build at once with Windows' message; the log cannot be fetched", async () => {
    const faulty = standinMedia('sshd-fails');
    const logger = recordingLogger();
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { iso: faulty.installer, ...TIMEOUT },
        undefined,
        logger,
      ).build(),
    );
    expect(error.code).toBe('guest-step-failed');
    expect(error.message).toMatch(
      /first-logon script failed at "start sshd": Service 'OpenSSH SSH Server \(sshd\)' cannot be started/,
    );
    expect(error.message).toMatch(
      /C:\\Windows\\Temp\\bake-windows-image-first-logon\.log could not be fetched over SSH/,
    );
    expect(logger.lines.join('\n')).not.toMatch(/Guest signalled ready/);
  });

  it('a later step that fails brings the last lines of the guest log, fetched over SSH', async () => {
    const faulty = standinMedia('guest-tools-fail');
    const builder = standinBuilder(fixture.media, fixture.dir, {
      iso: faulty.installer,
      password: HOSTILE_PASSWORD,
      ...TIMEOUT,
    });
    const error = await failureOf(builder.build());
    expect(error.code).toBe('guest-step-failed');
    expect(error.message).toMatch(
      /failed at "virtio-win guest tools": [D-Z]:\\virtio-win-guest-tools\.exe exited with code 1603/,
    );
    expect(error.message).toMatch(/Last lines of C:\\Windows\\Temp\\bake-windows-image-first-logon\.log:/);
    expect(error.message).toMatch(
      /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d step 'virtio-win guest tools' FAILED: [D-Z]:\\virtio-win-guest-tools\.exe/,
    );
    // The bundle: the guest's own logs, fetched over SSH while the VM still ran.
    const facts = expectBundle(error, builder.options.output, HOSTILE_PASSWORD);
    expect(facts.guestLastStep).toMatch(
      /^virtio-win guest tools: [D-Z]:\\virtio-win-guest-tools\.exe exited/,
    );
    const logs = path.join(`${builder.options.output}.failure`, 'guest-logs');
    expect(readFileSync(path.join(logs, 'first-logon.log'), 'utf8')).toMatch(
      /step 'virtio-win guest tools' FAILED: [D-Z]:\\virtio-win-guest-tools\.exe exited with code 1603/,
    );
    expect(readFileSync(path.join(logs, 'setupact.log'), 'utf8')).toMatch(
      /, Info {18}SP {5}windowsPE: copying files .*\r\n.*specialize: applying/s,
    );
    expect(readFileSync(path.join(logs, 'UnattendGC-setupact.log'), 'utf8')).toMatch(/oobeSystem: applying/);
    expect(facts.guestLogs.map((log) => log.fetched)).toEqual([true, true, true, true]);
  });

  it('a ready line with SSH closed fails with ssh-unreachable after the bound, not at the timeout', async () => {
    const faulty = standinMedia('ssh-never');
    const logger = recordingLogger();
    const error = await failureOf(
      standinBuilder(
        fixture.media,
        fixture.dir,
        { iso: faulty.installer, ...TIMEOUT },
        replacing(PlanVm, new PlanVmWith({ sshUnreachableAfterReadyMs: 30_000 })),
        logger,
      ).build(),
    );
    expect(error.code).toBe('ssh-unreachable');
    expect(error.message).toMatch(/signalled ready, but SSH did not answer within 30 s \(last attempt: /);
    expect(logger.lines.join('\n')).toMatch(/Guest signalled ready/);
  });
});
