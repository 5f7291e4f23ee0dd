/** Which failed uploads are tried again, and under which name (src/publish/upload-retry.ts). */
import { describe, expect, it } from '@jest/globals';
import {
  isTransientStatus,
  isTransientUploadError,
  nameWasTaken,
  retryArtifactName,
} from '../../src/publish/upload-retry.js';

/** An error as the storage SDK throws it: a status code on the error. */
function restError(statusCode: number): Error {
  return Object.assign(new Error('Injected failure.'), { name: 'RestError', statusCode });
}

describe('isTransientUploadError', () => {
  it.each([
    // What the artifact client's Twirp calls throw once their own retries are spent.
    'Failed to FinalizeArtifact: Failed to make request after 5 attempts: Failed request: (503) Service Unavailable',
    'Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: (429) Too Many Requests',
    // A network error, which the Twirp client never retries.
    'Failed to CreateArtifact: Unable to make request: ECONNRESET\nIf you are using self-hosted runners…',
    'Upload progress stalled.',
  ])('retries %j', (message) => {
    expect(isTransientUploadError(new Error(message))).toBe(true);
  });

  it.each([
    'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
    'Failed to FinalizeArtifact: Received non-retryable error: Failed request: (403) Forbidden',
    'Failed to CreateArtifact: Received non-retryable error: Failed request: (401) Unauthorized',
    'Artifact storage quota has been hit. Unable to upload any new artifacts.',
    '@actions/artifact v2.0.0+, upload-artifact@v4+ and download-artifact@v4+ are not currently supported on GHES.',
    'No files were found to upload: /x',
  ])('gives up on %j', (message) => {
    expect(isTransientUploadError(new Error(message))).toBe(false);
  });

  it('reads the status of a storage error, and the code of a network error', () => {
    for (const status of [500, 502, 503, 504, 429, 408])
      expect(isTransientUploadError(restError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 412])
      expect(isTransientUploadError(restError(status))).toBe(false);
    const network = Object.assign(new Error('Unable to make request: ETIMEDOUT'), { code: 'ETIMEDOUT' });
    expect(isTransientUploadError(network)).toBe(true);
    expect(isTransientUploadError('a string')).toBe(false);
  });

  it('counts 408, 429 and 5xx as passing, other 4xx as final', () => {
    expect([408, 429, 500, 599].map(isTransientStatus)).toEqual([true, true, true, true]);
    expect([400, 403, 404, 409, 600].map(isTransientStatus)).toEqual([false, false, false, false, false]);
  });
});

describe('a retried artifact name', () => {
  it('is fresh once the failed attempt got past CreateArtifact', () => {
    expect(nameWasTaken(new Error('Failed to CreateArtifact: Unable to make request: ECONNRESET'))).toBe(
      false,
    );
    expect(
      nameWasTaken(new Error('Failed to FinalizeArtifact: Failed to make request after 5 attempts')),
    ).toBe(true);
    expect(nameWasTaken(restError(502))).toBe(true);
  });

  it('keeps the extension, which is the downloaded file name', () => {
    expect(retryArtifactName('windows-11-pro-w11-uefi-20261129.qcow2', 2)).toBe(
      'windows-11-pro-w11-uefi-20261129-attempt2.qcow2',
    );
    expect(retryArtifactName('image', 3)).toBe('image-attempt3');
    expect(retryArtifactName('.hidden', 2)).toBe('.hidden-attempt2');
  });
});
