/**
 * A Windows Update round's result.json (notes/nightly-baseline.md), read and checked, and what the host
 * does next: done, reboot and go on, another round, or fail the build. Pure.
 */
export interface UpdateEntry {
    kb: string;
    title: string;
    sizeBytes: number;
}
export interface InstallEntry extends UpdateEntry {
    /** The agent's result: succeeded, succeededWithErrors, failed, aborted, … */
    result: string;
    /** `0x` and eight hex digits. */
    hresult: string;
}
export interface ExcludedEntry extends UpdateEntry {
    /** Which filter: kb, title, preview. */
    reason: string;
}
export interface WindowsUpdateResult {
    round: number;
    installed: InstallEntry[];
    failed: InstallEntry[];
    excluded: ExcludedEntry[];
    rebootRequired: boolean;
    remaining: number;
    error: string | null;
}
/**
 * result.json's text as written by the round script (UTF-8, a byte order mark tolerated). Throws an Error
 * that says what is wrong when the text is no JSON or not of the result's shape.
 */
export declare function parseWindowsUpdateResult(text: string): WindowsUpdateResult;
export type RoundDecision = {
    kind: 'done';
} | {
    kind: 'reboot';
} | {
    kind: 'again';
} | {
    kind: 'failed';
    message: string;
};
/**
 * What follows a round. `history` holds the rounds before this one (their count is what maxRounds
 * bounds, with this one). Failed updates and a round that failed fail the build; a required reboot
 * reboots, unless that was the last round allowed; nothing installed with updates left means the rounds
 * are stuck; nothing installed and nothing left is done; installed without a reboot and more left:
 * another round.
 */
export declare function afterRound(history: readonly WindowsUpdateResult[], result: WindowsUpdateResult, options: {
    maxRounds: number;
}): RoundDecision;
