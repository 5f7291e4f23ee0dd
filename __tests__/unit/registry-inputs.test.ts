/** The action's publish/registry-* inputs → push options (action/registry.ts); the CLI's credentials (cli/push-image.ts). */
import { describe, expect, it } from '@jest/globals';
import {
  lowerCaseRepository,
  publishSettings,
  pushCredentials,
  pushOptionsFor,
} from '../../src/action/registry.js';
import { answerChallenge } from '../../src/registry/auth.js';
import type { BuiltImage } from '../../src/action/summary.js';
import { registryCredentials } from '../../src/cli/push-image.js';

const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('publishSettings', () => {
  it('defaults to the artifact only', () => {
    expect(publishSettings(inputs({}), {})).toEqual({ targets: ['artifact'] });
    expect(publishSettings(inputs({ publish: 'none' }), {})).toEqual({ targets: [] });
  });

  it('with oci: ghcr.io/<repository> lower-cased by default, tags listed, insecure off', () => {
    const settings = publishSettings(
      inputs({
        publish: 'artifact, oci',
        'registry-tags': 'v1\nstable',
        'registry-username': 'octocat',
        'registry-password': 't',
      }),
      { GITHUB_REPOSITORY: 'Octo-Org/Windows-Images' },
    );
    expect(settings).toEqual({
      targets: ['artifact', 'oci'],
      registry: {
        ref: 'ghcr.io/octo-org/windows-images',
        format: 'artifact',
        tags: ['v1', 'stable'],
        insecure: false,
        username: 'octocat',
        password: 't',
      },
    });
  });

  it("lower-cases a given ref's registry and repository (an owner from github.repository_owner), not its tag", () => {
    const settings = publishSettings(
      inputs({ publish: 'oci', 'registry-ref': 'GHCR.io/Octo-Org/Windows-11-Pro:Nightly-A' }),
      {},
    );
    expect(settings.registry?.ref).toBe('ghcr.io/octo-org/windows-11-pro:Nightly-A');
    expect(lowerCaseRepository('localhost:5000/Team/Win')).toBe('localhost:5000/team/win');
  });

  it.each([
    [{ publish: 'ftp' }, /"ftp" is not a target/],
    [{ publish: 'none, oci' }, /none goes alone/],
    [{ publish: 'oci', 'registry-ref': 'windows' }, /names no registry host/],
    [{ publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-format': 'zip' }, /"zip" is not a format/],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-tags': 'a b/c' },
      /"b\/c" is not a valid tag/,
    ],
    [{ publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-insecure': 'maybe' }, /not true or false/],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': '0' },
      /Input registry-chunk-size: "0" is below the smallest chunk, 256 KiB/,
    ],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': '100KiB' },
      /"100KiB" is below the smallest chunk/,
    ],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': '-5M' },
      /Input registry-chunk-size: "-5M" is not a size/,
    ],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': 'abc' },
      /Input registry-chunk-size: "abc" is not a size/,
    ],
    [{ publish: 'oci' }, /GITHUB_REPOSITORY is not set/],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-username': 'u' },
      /registry-password is empty/,
    ],
    [
      { publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-password': 'p' },
      /registry-username is empty/,
    ],
  ])('refuses %j', (values, message) => {
    expect(() => publishSettings(inputs(values), {})).toThrow(message);
  });
});

describe('registry-chunk-size', () => {
  it('is off when empty; a size in bytes or binary units otherwise, handed to the push', () => {
    const settings = (size: string) =>
      publishSettings(
        inputs({ publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': size }),
        {},
      ).registry!;
    expect(settings('').chunkSizeBytes).toBeUndefined();
    expect(settings(' 50MiB ').chunkSizeBytes).toBe(50 * 1024 * 1024);
    expect(settings('4M').chunkSizeBytes).toBe(4 * 1024 * 1024);
    expect(settings('262144').chunkSizeBytes).toBe(262144);
    expect(() => settings('262143')).toThrow(/below the smallest chunk/);
    const built = { image: { path: '/out/win.qcow2', sha256: 'ab' }, os: 'w11' } as BuiltImage;
    const options = pushOptionsFor(built, { edition: 'x', firmware: 'uefi' }, settings('1MiB'), {});
    expect(options.chunkSizeBytes).toBe(1024 * 1024);
  });

  it('is a usage error (exit 2) that names the fix', () => {
    try {
      publishSettings(
        inputs({ publish: 'oci', 'registry-ref': 'ghcr.io/o/w', 'registry-chunk-size': 'big' }),
        {},
      );
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'invalid-option',
        exitCode: 2,
        hint: expect.stringMatching(/50MiB/),
      });
    }
  });
});

describe('pushOptionsFor', () => {
  const result: BuiltImage = {
    kind: 'image',
    image: { path: '/out/win.qcow2', sizeBytes: 1, virtualSizeBytes: 2, sha256: 'ab' },
    os: 'w11',
    windowsBuild: 26100,
    durationMs: 1,
    timeline: { phases: [], reboots: [], guestSteps: [] },
    updates: [{ kb: 'KB1', title: 't', sizeBytes: 1, round: 1 }],
  } as BuiltImage;

  it("annotates from the build's result and options; credentials only when both are given", () => {
    const registry = {
      ref: 'ghcr.io/o/w',
      format: 'both' as const,
      tags: [],
      insecure: false,
      username: 'u',
      password: 'p',
    };
    const options = pushOptionsFor(result, { edition: 'Windows 11 Pro', firmware: 'uefi' }, registry, {
      GITHUB_REPOSITORY: 'o/w',
      GITHUB_SERVER_URL: 'https://github.example',
    });
    expect(options).toMatchObject({
      image: '/out/win.qcow2',
      ref: 'ghcr.io/o/w',
      format: 'both',
      credentials: { username: 'u', password: 'p' },
      metadata: {
        sha256: 'ab',
        edition: 'Windows 11 Pro',
        os: 'w11',
        build: '26100',
        firmware: 'uefi',
        updates: ['KB1'],
        source: 'https://github.example/o/w',
      },
    });
    const anonymous = pushOptionsFor(
      result,
      { edition: 'x', firmware: 'bios' },
      { ...registry, password: undefined },
      {},
    );
    expect(anonymous.credentials).toBeUndefined();
  });
});

describe("pushCredentials: the job token goes to GitHub's registry only", () => {
  const settings = (ref: string, more: object = {}) =>
    publishSettings(inputs({ publish: 'oci', 'registry-ref': ref, 'github-token': 'ghs_job', ...more }), {})
      .registry!;
  const env = { GITHUB_ACTOR: 'octocat', GITHUB_SERVER_URL: 'https://github.com' };

  it('ghcr.io without registry-username/password: the actor and the job token', () => {
    expect(pushCredentials(settings('ghcr.io/o/w'), env)).toEqual({
      credentials: { username: 'octocat', password: 'ghs_job' },
    });
  });

  it('another registry: no job token, and a note that says so', () => {
    const chosen = pushCredentials(settings('registry.example.com/o/w'), env);
    expect(chosen.credentials).toBeUndefined();
    expect(chosen.note).toMatch(/Not sending the job's GITHUB_TOKEN to registry\.example\.com/);
    expect(JSON.stringify(chosen)).not.toContain('ghs_job');
  });

  it("a GHES instance's containers host takes it; explicit credentials go anywhere", () => {
    expect(
      pushCredentials(settings('containers.git.corp.example/o/w'), {
        ...env,
        GITHUB_SERVER_URL: 'https://git.corp.example',
      }).credentials,
    ).toEqual({ username: 'octocat', password: 'ghs_job' });
    expect(
      pushCredentials(
        settings('registry.example.com/o/w', { 'registry-username': 'u', 'registry-password': 'p' }),
        env,
      ),
    ).toEqual({ credentials: { username: 'u', password: 'p' } });
  });
});

describe('answerChallenge', () => {
  const challenge = { scheme: 'bearer', params: { realm: 'http://127.0.0.1:1/token', service: 's' } };
  const credentials = { username: 'u', password: 'p' };

  it('sends no credentials to a plain-http token endpoint unless insecure', async () => {
    await expect(
      answerChallenge(challenge, { registry: 'r.example', repository: 'o/w', credentials }),
    ).rejects.toMatchObject({
      code: 'registry-auth',
      message: expect.stringMatching(/not https; they were not sent/),
    });
    // Insecure: it is asked (and, here, cannot be reached).
    await expect(
      answerChallenge(challenge, { registry: 'r.example', repository: 'o/w', credentials, insecure: true }),
    ).rejects.toMatchObject({ code: 'push-failed' });
  });
});

describe('registryCredentials', () => {
  const stdin = (text: string) => () => Promise.resolve(text);

  it('from --username and stdin (one line end dropped), or the environment, or none', async () => {
    expect(await registryCredentials({ username: 'u', passwordStdin: true }, stdin('s3cret\n'), {})).toEqual({
      username: 'u',
      password: 's3cret',
    });
    expect(
      await registryCredentials({}, stdin(''), { BAKE_REGISTRY_USERNAME: 'e', BAKE_REGISTRY_PASSWORD: 'p' }),
    ).toEqual({ username: 'e', password: 'p' });
    expect(await registryCredentials({}, stdin(''), {})).toBeUndefined();
  });

  it('refuses half of them, or the password twice, as usage errors', async () => {
    await expect(registryCredentials({ username: 'u' }, stdin(''), {})).rejects.toThrow(/without a password/);
    await expect(registryCredentials({ passwordStdin: true }, stdin('p'), {})).rejects.toThrow(
      /without a user name/,
    );
    await expect(
      registryCredentials({ username: 'u', passwordStdin: true }, stdin('p'), {
        BAKE_REGISTRY_PASSWORD: 'q',
      }),
    ).rejects.toThrow(/given twice/);
  });
});
