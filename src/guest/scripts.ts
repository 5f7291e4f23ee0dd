/**
 * Every command the host runs in the guest over SSH. Windows' sshd runs them through cmd.exe; PowerShell
 * goes through `powershellCommand` (-EncodedCommand), so no quoting between here and PowerShell can break.
 * Each PowerShell text here is parsed by a real PowerShell grammar in the tests.
 */

import { NO_AUTO_UPDATE_VALUE, WINDOWS_UPDATE_POLICY_KEY } from '../unattend/guest-contract.js';
import { powershellCommand } from './ssh.js';

/**
 * For text inside a single-quoted PowerShell string: every quote is doubled. PowerShell also takes the
 * typographic quotes U+2018–U+201B for single quotes, so those are doubled too.
 */
export function psSingleQuotedEscape(value: unknown): string {
  return String(value).replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c);
}

/** A single-quoted PowerShell string literal of `value`. */
export function psLiteral(value: string): string {
  return `'${psSingleQuotedEscape(value)}'`;
}

/** `Test-Path` of a file: prints True or False. */
export function testPathScript(file: string): string {
  return `Test-Path -LiteralPath ${psLiteral(file)}`;
}

/** The whole content of a text file (a log); fails when it does not exist. */
export function readFileScript(file: string): string {
  return `Get-Content -LiteralPath ${psLiteral(file)}`;
}

/** TRIM of C:'s free space: the storage stack passes it to QEMU, which punches holes in the qcow2. */
export const RETRIM_SCRIPT = 'Optimize-Volume -DriveLetter C -ReTrim -Verbose';

/** The same TRIM through defrag.exe (a cmd.exe command line), where Optimize-Volume itself fails. */
export const DEFRAG_RETRIM_COMMAND = 'defrag C: /L';

/** The first line of ZERO_FILL_SCRIPT; the stand-in guest recognises the script by it. */
export const ZERO_FILL_HEADER = '# bake-windows-image: zero-fill the free space of C:';

/**
 * Last resort when TRIM does not reach the disk: fill C:'s free space with zeros. QEMU's detect-zeroes=unmap
 * turns zero writes into holes, so compaction drops them all the same. The writes go through Windows' cache
 * (WriteThrough), or the zeros of a file deleted at once might never reach the disk; the file is deleted
 * when its handle closes (DeleteOnClose), also when the process is killed, so C: is never left full. A
 * little space stays free so that Windows is never starved meanwhile.
 */
export const ZERO_FILL_SCRIPT = `${ZERO_FILL_HEADER}
$ErrorActionPreference = 'Stop'
$path = 'C:\\bake-windows-image-zero-fill.tmp'
$reserve = 256MB
$chunk = New-Object byte[] (4MB)
$free = (Get-Volume -DriveLetter C).SizeRemaining
$written = [long]0
$options = [System.IO.FileOptions]::WriteThrough -bor [System.IO.FileOptions]::DeleteOnClose
$stream = New-Object System.IO.FileStream($path, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None, $chunk.Length, $options)
try {
    while ($written + $chunk.Length -le $free - $reserve) {
        try {
            $stream.Write($chunk, 0, $chunk.Length)
        } catch {
            break # the volume is full sooner than SizeRemaining said (metadata, other writers)
        }
        $written += $chunk.Length
    }
    $stream.Flush($true)
} finally {
    $stream.Dispose()
}
Write-Output ('zero-filled {0} MiB of free space on C:' -f [math]::Floor($written / 1MB))
`;

/** Power off now; the session drops as the guest goes down, which is the expected outcome. */
export const SHUTDOWN_COMMAND = 'shutdown /s /t 0 /f';

/** Where Win32-OpenSSH keeps sshd's host keys; sshd makes the missing ones when it starts. */
export const SSHD_HOST_KEYS = 'C:\\ProgramData\\ssh\\ssh_host_*';

/**
 * Deletes sshd's host keys, private and public, so that every copy of the image makes its own at its first
 * boot instead of all sharing this bake's private key. A key that cannot be deleted fails the script.
 */
export const FORGET_HOST_KEYS_SCRIPT = `$ErrorActionPreference = 'Stop'
Remove-Item -Path ${psLiteral(SSHD_HOST_KEYS)} -Force
`;

/**
 * The bake's last command: forget the host keys, then power off (cmd.exe's && runs the shutdown only when the
 * keys are gone). One session for both: sshd reads its host keys for every new connection, so no later login
 * would work.
 */
export const FINAL_SHUTDOWN_COMMAND = `${powershellCommand(FORGET_HOST_KEYS_SCRIPT)} && ${SHUTDOWN_COMMAND}`;

/**
 * Removes the bake's NoAutoUpdate policy (a cmd.exe command line): Windows Update is automatic again from the
 * image's next boot on.
 */
export const RESTORE_AUTOMATIC_UPDATES_COMMAND = `reg.exe delete ${WINDOWS_UPDATE_POLICY_KEY} /v ${NO_AUTO_UPDATE_VALUE} /f`;
