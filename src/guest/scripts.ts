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

/** The last `lines` lines of a text file (a log that may be long); fails when it does not exist. */
export function readFileTailScript(file: string, lines = 400): string {
  return `Get-Content -LiteralPath ${psLiteral(file)} -Tail ${Math.max(1, Math.floor(lines))}`;
}

/**
 * Windows Setup's own logs, for a failure bundle: Setup's actions and errors (windowsPE, specialize) and those
 * of the oobeSystem pass (UnattendGC). Setup masks passwords in them.
 */
export const WINDOWS_SETUP_LOGS = [
  { path: 'C:\\Windows\\Panther\\setupact.log', name: 'setupact.log' },
  { path: 'C:\\Windows\\Panther\\setuperr.log', name: 'setuperr.log' },
  { path: 'C:\\Windows\\Panther\\UnattendGC\\setupact.log', name: 'UnattendGC-setupact.log' },
] as const;

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

/** Restart now (after an update round, or a script that asked for it); the session drops likewise. */
export const REBOOT_COMMAND = 'shutdown /r /t 0 /f';

/** The first line of writeFileFromStdinScript; the stand-in guest recognises the script by it. */
export const WRITE_FILE_HEADER = '# bake-windows-image: write a file from stdin';

/**
 * Writes standard input (base64, so no console code page can change a byte) to `file`, readable by SYSTEM and
 * the Administrators only. How the clones' answer file, which holds the password, reaches the guest: never
 * on a command line. The file is created with its ACL, so it is never readable by others, not even briefly.
 */
export function writeFileFromStdinScript(file: string): string {
  return `${WRITE_FILE_HEADER}
$ErrorActionPreference = 'Stop'
$path = ${psLiteral(file)}
$bytes = [System.Convert]::FromBase64String([System.Console]::In.ReadToEnd().Trim())
$security = New-Object System.Security.AccessControl.FileSecurity
$security.SetSecurityDescriptorSddlForm('O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)')
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
$stream = [System.IO.File]::Create($path, 4096, [System.IO.FileOptions]::None, $security)
try {
    $stream.Write($bytes, 0, $bytes.Length)
} finally {
    $stream.Dispose()
}
`;
}

/** The first line of APPX_CLEANUP_SCRIPT; the stand-in guest recognises the script by it. */
export const APPX_CLEANUP_HEADER = '# bake-windows-image: remove Appx packages that stop sysprep';

/**
 * sysprep /generalize refuses an image where an Appx package is installed for a user but not provisioned
 * for all users (the Store updating an inbox app is enough; Panther\setuperr.log then names the package).
 * Such packages are removed; frameworks and system packages are left alone. Prints one summary line.
 */
export const APPX_CLEANUP_SCRIPT = `${APPX_CLEANUP_HEADER}
$ErrorActionPreference = 'Stop'
$provisioned = @(Get-AppxProvisionedPackage -Online | ForEach-Object { $_.PackageName })
$removed = 0
$kept = @()
foreach ($package in @(Get-AppxPackage -AllUsers)) {
    if ($package.IsFramework -or $package.NonRemovable -or [string]$package.SignatureKind -eq 'System') { continue }
    if ($provisioned -contains $package.PackageFullName) { continue }
    try {
        Remove-AppxPackage -Package $package.PackageFullName -AllUsers
        $removed++
    } catch {
        $kept += $package.PackageFullName
    }
}
Write-Output ('removed {0} Appx package(s) installed for a user but not provisioned; could not remove {1}: {2}' -f $removed, $kept.Count, ($kept -join ', '))
`;

/** Generalize with the clones' answer file and power off; sysprep reads nothing else from us. */
export function sysprepCommand(answerFile: string): string {
  return `C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /quiet /unattend:${answerFile}`;
}

/** sysprep's own error log: why it did not generalize. */
export const SYSPREP_ERROR_LOG = 'C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log';

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

/** With --generalize, sysprep powers the guest off: the host keys go in its session, for the same reason. */
export function finalSysprepCommand(answerFile: string): string {
  return `${powershellCommand(FORGET_HOST_KEYS_SCRIPT)} && ${sysprepCommand(answerFile)}`;
}

/**
 * Removes the bake's NoAutoUpdate policy (a cmd.exe command line): Windows Update is automatic again from the
 * image's next boot on.
 */
export const RESTORE_AUTOMATIC_UPDATES_COMMAND = `reg.exe delete ${WINDOWS_UPDATE_POLICY_KEY} /v ${NO_AUTO_UPDATE_VALUE} /f`;
