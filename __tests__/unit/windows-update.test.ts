/**
 * src/guest/windows-update.ts (commands, paths, filter checks) and src/guest/windows-update-result.ts
 * (result.json read and checked, the decision after a round). The script's PowerShell is parsed in
 * guest-scripts-grammar.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { BuildError } from '../../src/errors.js';
import {
  afterRound,
  parseWindowsUpdateResult,
  type InstallEntry,
  type WindowsUpdateResult,
} from '../../src/guest/windows-update-result.js';
import {
  componentCleanupCommand,
  CREATE_UPDATE_TASK_COMMAND,
  DELETE_UPDATE_TASK_COMMAND,
  RUN_UPDATE_TASK_COMMAND,
  WINDOWS_UPDATE_PROGRESS_PATH,
  WINDOWS_UPDATE_RESULT_PATH,
  WINDOWS_UPDATE_SCRIPT_PATH,
  newProgressLines,
  POLL_SEPARATOR,
  splitPoll,
  START_ROUND_COMMAND,
  windowsUpdateScript,
  windowsUpdateScriptFile,
} from '../../src/guest/windows-update.js';

/** The example of notes/nightly-baseline.md. */
const NOTES_EXAMPLE = `{
  "round": 1,
  "installed": [
    { "kb": "KB5048667", "title": "…", "sizeBytes": 123, "result": "succeeded", "hresult": "0x00000000" }
  ],
  "failed": [
    { "kb": "KB5048685", "title": "…", "sizeBytes": 456, "result": "failed", "hresult": "0x80070643" }
  ],
  "excluded": [{ "kb": "KB890830", "title": "…", "sizeBytes": 0, "reason": "kb" }],
  "rebootRequired": true,
  "remaining": 0,
  "error": null
}`;

describe('the Windows Update commands and paths', () => {
  it('are those of the notes', () => {
    expect(CREATE_UPDATE_TASK_COMMAND).toBe(
      'schtasks /Create /F /TN bake-windows-image-update /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File C:\\Windows\\Temp\\bake-windows-image\\windows-update.ps1"',
    );
    expect(RUN_UPDATE_TASK_COMMAND).toBe('schtasks /Run /TN bake-windows-image-update');
    expect(DELETE_UPDATE_TASK_COMMAND).toBe('schtasks /Delete /F /TN bake-windows-image-update');
    expect(WINDOWS_UPDATE_SCRIPT_PATH).toBe('C:\\Windows\\Temp\\bake-windows-image\\windows-update.ps1');
    expect(WINDOWS_UPDATE_RESULT_PATH).toBe(
      'C:\\Windows\\Temp\\bake-windows-image\\windows-update\\result.json',
    );
    expect(WINDOWS_UPDATE_PROGRESS_PATH).toBe(
      'C:\\Windows\\Temp\\bake-windows-image\\windows-update\\progress.log',
    );
  });

  it('cleans up components, with /ResetBase only when asked', () => {
    expect(componentCleanupCommand(false)).toBe('Dism.exe /Online /Cleanup-Image /StartComponentCleanup');
    expect(componentCleanupCommand(true)).toBe(
      'Dism.exe /Online /Cleanup-Image /StartComponentCleanup /ResetBase',
    );
  });
});

describe('windowsUpdateScript', () => {
  const none = { excludeKbs: [], excludeTitles: [], includeDrivers: false, includePreviews: false };

  it('starts with its header and has the four parameter lines of the notes, one each', () => {
    const lines = windowsUpdateScript({
      excludeKbs: ['KB5034441', 'KB890830'],
      excludeTitles: ['*Preview*', '*Silverlight*'],
      includeDrivers: true,
      includePreviews: false,
    }).split('\n');
    expect(lines[0]).toBe('# bake-windows-image: Windows Update round');
    for (const line of [
      "$excludeKbs = @('KB5034441', 'KB890830')",
      "$excludeTitles = @('*Preview*', '*Silverlight*')",
      '$includeDrivers = $true',
      '$includePreviews = $false',
    ]) {
      expect(lines.filter((l) => l === line)).toHaveLength(1);
    }
    const empty = windowsUpdateScript(none).split('\n');
    expect(empty).toEqual(expect.arrayContaining(['$excludeKbs = @()', '$excludeTitles = @()']));
  });

  it.each(['kb123', 'KB', 'KB12a', '5034441', "KB1'", 'KB1 '])('refuses the KB %j', (kb) => {
    expect(() => windowsUpdateScript({ ...none, excludeKbs: [kb] })).toThrow(BuildError);
  });

  it('refuses an empty title pattern or one with a line break', () => {
    expect(() => windowsUpdateScript({ ...none, excludeTitles: [''] })).toThrow(BuildError);
    expect(() => windowsUpdateScript({ ...none, excludeTitles: ['a\nb'] })).toThrow(/control character/);
  });
});

describe('windowsUpdateScriptFile', () => {
  it('is the script in UTF-8 after a byte order mark', () => {
    const filters = {
      excludeKbs: [],
      excludeTitles: ['*\u2019s*'],
      includeDrivers: false,
      includePreviews: false,
    };
    const bytes = windowsUpdateScriptFile(filters);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(windowsUpdateScript(filters));
  });
});

describe('newProgressLines', () => {
  it('gives the complete lines not seen yet, without their timestamps', () => {
    const first =
      '2026-01-02T03:04:05 round 1: searching\r\n2026-01-02T03:04:09 found 2 update(s)\r\n2026-01-0';
    expect(newProgressLines(first, 0)).toEqual({
      lines: ['Windows Update: round 1: searching', 'Windows Update: found 2 update(s)'],
      seen: 2,
    });
    const later = first + '2T03:05:00 installing 2 update(s)\r\n';
    expect(newProgressLines(later, 2)).toEqual({
      lines: ['Windows Update: installing 2 update(s)'],
      seen: 3,
    });
    expect(newProgressLines(later, 3)).toEqual({ lines: [], seen: 3 });
  });

  it('starts over when the log is shorter than before, and keeps a line without a timestamp as it is', () => {
    expect(newProgressLines('\uFEFFplain line\n', 5)).toEqual({
      lines: ['Windows Update: plain line'],
      seen: 1,
    });
    expect(newProgressLines('', 0)).toEqual({ lines: [], seen: 0 });
  });
});

describe('parseWindowsUpdateResult', () => {
  it("reads the notes' example, with or without a byte order mark", () => {
    const expected: WindowsUpdateResult = {
      round: 1,
      installed: [
        { kb: 'KB5048667', title: '…', sizeBytes: 123, result: 'succeeded', hresult: '0x00000000' },
      ],
      failed: [{ kb: 'KB5048685', title: '…', sizeBytes: 456, result: 'failed', hresult: '0x80070643' }],
      excluded: [{ kb: 'KB890830', title: '…', sizeBytes: 0, reason: 'kb' }],
      rebootRequired: true,
      remaining: 0,
      error: null,
    };
    expect(parseWindowsUpdateResult(NOTES_EXAMPLE)).toEqual(expected);
    expect(parseWindowsUpdateResult('\uFEFF' + NOTES_EXAMPLE.replace(/\n/g, '\r\n'))).toEqual(expected);
  });

  it('reads a failed round: an error message and empty lists', () => {
    const text = JSON.stringify({
      round: 3,
      installed: [],
      failed: [],
      excluded: [],
      rebootRequired: false,
      remaining: 0,
      error: 'Exception from HRESULT: 0x8024402C',
    });
    expect(parseWindowsUpdateResult(text)).toMatchObject({
      round: 3,
      error: 'Exception from HRESULT: 0x8024402C',
    });
  });

  it.each([
    ['', /not JSON/],
    ['garbage', /not JSON.*starts "garbage"/],
    ['{"round": 1,', /not JSON/],
    ['[]', /not an object/],
    ['null', /not an object/],
  ])('says %j is no result', (text, message) => {
    expect(() => parseWindowsUpdateResult(text)).toThrow(message);
  });

  it.each([
    ['round', 0, /result\.round is not a round number: 0/],
    ['rebootRequired', 'yes', /result\.rebootRequired is not true or false/],
    ['remaining', -1, /result\.remaining is not a count/],
    ['error', 5, /result\.error is not a message or null/],
    ['installed', {}, /installed is not a list/],
    [
      'failed',
      [{ kb: 'KB1', title: 't', sizeBytes: 1, result: 'failed', hresult: '80070643' }],
      /failed\[0\]\.hresult/,
    ],
    ['excluded', [{ kb: 'KB1', title: 't', sizeBytes: 1 }], /excluded\[0\]\.reason is not a string: missing/],
    ['installed', ['KB1'], /installed\[0\] is not an object/],
  ])('says what is wrong when %s is %j', (name, value, message) => {
    const data = JSON.parse(NOTES_EXAMPLE) as Record<string, unknown>;
    data[name] = value;
    expect(() => parseWindowsUpdateResult(JSON.stringify(data))).toThrow(message);
  });

  it('says a field is missing', () => {
    const data = JSON.parse(NOTES_EXAMPLE) as Record<string, unknown>;
    delete data.rebootRequired;
    expect(() => parseWindowsUpdateResult(JSON.stringify(data))).toThrow(
      /rebootRequired is not true or false: missing/,
    );
  });
});

describe('afterRound', () => {
  const update = (kb: string, hresult = '0x00000000'): InstallEntry => ({
    kb,
    title: `Update ${kb}`,
    sizeBytes: 1,
    result: hresult === '0x00000000' ? 'succeeded' : 'failed',
    hresult,
  });
  const round = (fields: Partial<WindowsUpdateResult>): WindowsUpdateResult => ({
    round: 1,
    installed: [],
    failed: [],
    excluded: [],
    rebootRequired: false,
    remaining: 0,
    error: null,
    ...fields,
  });
  const history = (n: number): WindowsUpdateResult[] => Array.from({ length: n }, () => round({}));
  const max = { maxRounds: 8 };

  it('is done when nothing was installed, nothing needs a reboot and nothing remains', () => {
    expect(afterRound([], round({}), max)).toEqual({ kind: 'done' });
    expect(afterRound(history(7), round({ excluded: [] }), max)).toEqual({ kind: 'done' });
  });

  it('reboots when the round asks for it', () => {
    expect(afterRound([], round({ installed: [update('KB1')], rebootRequired: true }), max)).toEqual({
      kind: 'reboot',
    });
    expect(afterRound(history(6), round({ installed: [update('KB1')], rebootRequired: true }), max)).toEqual({
      kind: 'reboot',
    });
  });

  it('fails when the last round allowed still needs a reboot', () => {
    expect(afterRound(history(7), round({ installed: [update('KB1')], rebootRequired: true }), max)).toEqual({
      kind: 'failed',
      message: 'Windows Update still needs a reboot after 8 rounds',
    });
    expect(afterRound([], round({ rebootRequired: true }), { maxRounds: 1 })).toMatchObject({
      message: 'Windows Update still needs a reboot after 1 rounds',
    });
  });

  it('lists every failed update with its KB and HRESULT, even when others need a reboot', () => {
    const decision = afterRound(
      [],
      round({
        installed: [update('KB1')],
        failed: [update('KB5048685', '0x80070643'), update('KB7', '0x8024200D')],
        rebootRequired: true,
      }),
      max,
    );
    expect(decision).toEqual({
      kind: 'failed',
      message:
        'Windows Update could not install 2 update(s): KB5048685 Update KB5048685 (failed, 0x80070643); KB7 Update KB7 (failed, 0x8024200D)',
    });
  });

  it('fails a round that failed itself, with its message', () => {
    expect(afterRound(history(1), round({ error: 'the search ended with aborted' }), max)).toEqual({
      kind: 'failed',
      message: 'Windows Update round 2 failed: the search ended with aborted',
    });
  });

  it('fails as stuck when nothing was installed but updates remain', () => {
    expect(afterRound([], round({ remaining: 2 }), max)).toEqual({
      kind: 'failed',
      message: 'Windows Update is stuck: round 1 installed nothing and 2 update(s) remain',
    });
  });

  it('goes again after installing without a reboot while updates remain, within the rounds allowed', () => {
    const partial = round({ installed: [update('KB1')], remaining: 3 });
    expect(afterRound([], partial, max)).toEqual({ kind: 'again' });
    expect(afterRound(history(7), partial, max)).toMatchObject({ kind: 'failed' });
  });

  it('searches once more after installing everything without a reboot, unless that was the last round', () => {
    const all = round({ installed: [update('KB1')], remaining: 0 });
    expect(afterRound([], all, max)).toEqual({ kind: 'again' });
    expect(afterRound(history(7), all, max)).toEqual({ kind: 'done' });
  });
});

describe('one poll of a round', () => {
  it('splits the progress log from the result, which is missing until the round ends', () => {
    const progress = '2026-12-03T05:00:00 round 1: searching for updates\r\n';
    expect(splitPoll(`${progress}${POLL_SEPARATOR}\r\n`)).toEqual({ progress });
    expect(splitPoll(`${progress}${POLL_SEPARATOR}\r\n{\r\n  "round": 1\r\n}\r\n`)).toEqual({
      progress,
      result: '{\r\n  "round": 1\r\n}',
    });
    expect(splitPoll('')).toEqual({ progress: '' });
  });

  it('starts a round in one command line: the old result goes, then the task is made and run', () => {
    expect(START_ROUND_COMMAND).toMatch(
      /^powershell .* -EncodedCommand \S+ & schtasks \/Create .* && schtasks \/Run /,
    );
  });
});
