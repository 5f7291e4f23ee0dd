/**
 * Every command the host runs in the guest over SSH. Windows' sshd runs them through cmd.exe; PowerShell
 * goes through `powershellCommand` (-EncodedCommand), so no quoting between here and PowerShell can break.
 * Each PowerShell text here is parsed by a real PowerShell grammar in the tests.
 */
/**
 * For text inside a single-quoted PowerShell string: every quote is doubled. PowerShell also takes the
 * typographic quotes U+2018–U+201B for single quotes, so those are doubled too.
 */
export declare function psSingleQuotedEscape(value: unknown): string;
/** A single-quoted PowerShell string literal of `value`. */
export declare function psLiteral(value: string): string;
/** `Test-Path` of a file: prints True or False. */
export declare function testPathScript(file: string): string;
/** The whole content of a text file (a log); fails when it does not exist. */
export declare function readFileScript(file: string): string;
/** The last `lines` lines of a text file (a log that may be long); fails when it does not exist. */
export declare function readFileTailScript(file: string, lines?: number): string;
/**
 * Windows Setup's own logs, for a failure bundle: Setup's actions and errors (windowsPE, specialize) and those
 * of the oobeSystem pass (UnattendGC). Setup masks passwords in them.
 */
export declare const WINDOWS_SETUP_LOGS: readonly [{
    readonly path: "C:\\Windows\\Panther\\setupact.log";
    readonly name: "setupact.log";
}, {
    readonly path: "C:\\Windows\\Panther\\setuperr.log";
    readonly name: "setuperr.log";
}, {
    readonly path: "C:\\Windows\\Panther\\UnattendGC\\setupact.log";
    readonly name: "UnattendGC-setupact.log";
}];
/** TRIM of C:'s free space: the storage stack passes it to QEMU, which punches holes in the qcow2. */
export declare const RETRIM_SCRIPT = "Optimize-Volume -DriveLetter C -ReTrim -Verbose";
/** The same TRIM through defrag.exe (a cmd.exe command line), where Optimize-Volume itself fails. */
export declare const DEFRAG_RETRIM_COMMAND = "defrag C: /L";
/** The first line of ZERO_FILL_SCRIPT; the stand-in guest recognises the script by it. */
export declare const ZERO_FILL_HEADER = "# bake-windows-image: zero-fill the free space of C:";
/**
 * Last resort when TRIM does not reach the disk: fill C:'s free space with zeros. QEMU's detect-zeroes=unmap
 * turns zero writes into holes, so compaction drops them all the same. The writes go through Windows' cache
 * (WriteThrough), or the zeros of a file deleted at once might never reach the disk; the file is deleted
 * when its handle closes (DeleteOnClose), also when the process is killed, so C: is never left full. A
 * little space stays free so that Windows is never starved meanwhile.
 */
export declare const ZERO_FILL_SCRIPT = "# bake-windows-image: zero-fill the free space of C:\n$ErrorActionPreference = 'Stop'\n$path = 'C:\\bake-windows-image-zero-fill.tmp'\n$reserve = 256MB\n$chunk = New-Object byte[] (4MB)\n$free = (Get-Volume -DriveLetter C).SizeRemaining\n$written = [long]0\n$options = [System.IO.FileOptions]::WriteThrough -bor [System.IO.FileOptions]::DeleteOnClose\n$stream = New-Object System.IO.FileStream($path, [System.IO.FileMode]::Create, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None, $chunk.Length, $options)\ntry {\n    while ($written + $chunk.Length -le $free - $reserve) {\n        try {\n            $stream.Write($chunk, 0, $chunk.Length)\n        } catch {\n            break # the volume is full sooner than SizeRemaining said (metadata, other writers)\n        }\n        $written += $chunk.Length\n    }\n    $stream.Flush($true)\n} finally {\n    $stream.Dispose()\n}\nWrite-Output ('zero-filled {0} MiB of free space on C:' -f [math]::Floor($written / 1MB))\n";
/** Power off now; the session drops as the guest goes down, which is the expected outcome. */
export declare const SHUTDOWN_COMMAND = "shutdown /s /t 0 /f";
/** Restart now (after an update round, or a script that asked for it); the session drops likewise. */
export declare const REBOOT_COMMAND = "shutdown /r /t 0 /f";
/** The first line of writeFileFromStdinScript; the stand-in guest recognises the script by it. */
export declare const WRITE_FILE_HEADER = "# bake-windows-image: write a file from stdin";
/**
 * Writes standard input (base64, so no console code page can change a byte) to `file`, readable by SYSTEM and
 * the Administrators only. How the clones' answer file, which holds the password, reaches the guest: never
 * on a command line. The file is created with its ACL, so it is never readable by others, not even briefly.
 */
export declare function writeFileFromStdinScript(file: string): string;
/** The first line of APPX_CLEANUP_SCRIPT; the stand-in guest recognises the script by it. */
export declare const APPX_CLEANUP_HEADER = "# bake-windows-image: remove Appx packages that stop sysprep";
/**
 * sysprep /generalize refuses an image where an Appx package is installed for a user but not provisioned
 * for all users (the Store updating an inbox app is enough; Panther\setuperr.log then names the package).
 * Such packages are removed; frameworks and system packages are left alone. Prints one summary line.
 */
export declare const APPX_CLEANUP_SCRIPT = "# bake-windows-image: remove Appx packages that stop sysprep\n$ErrorActionPreference = 'Stop'\n$provisioned = @(Get-AppxProvisionedPackage -Online | ForEach-Object { $_.PackageName })\n$removed = 0\n$kept = @()\nforeach ($package in @(Get-AppxPackage -AllUsers)) {\n    if ($package.IsFramework -or $package.NonRemovable -or [string]$package.SignatureKind -eq 'System') { continue }\n    if ($provisioned -contains $package.PackageFullName) { continue }\n    try {\n        Remove-AppxPackage -Package $package.PackageFullName -AllUsers\n        $removed++\n    } catch {\n        $kept += $package.PackageFullName\n    }\n}\nWrite-Output ('removed {0} Appx package(s) installed for a user but not provisioned; could not remove {1}: {2}' -f $removed, $kept.Count, ($kept -join ', '))\n";
/** Generalize with the clones' answer file and power off; sysprep reads nothing else from us. */
export declare function sysprepCommand(answerFile: string): string;
/** sysprep's own error log: why it did not generalize. */
export declare const SYSPREP_ERROR_LOG = "C:\\Windows\\System32\\Sysprep\\Panther\\setuperr.log";
/** Where Win32-OpenSSH keeps sshd's host keys; sshd makes the missing ones when it starts. */
export declare const SSHD_HOST_KEYS = "C:\\ProgramData\\ssh\\ssh_host_*";
/**
 * Deletes sshd's host keys, private and public, so that every copy of the image makes its own at its first
 * boot instead of all sharing this bake's private key. A key that cannot be deleted fails the script.
 */
export declare const FORGET_HOST_KEYS_SCRIPT: string;
/**
 * The bake's last command: forget the host keys, then power off (cmd.exe's && runs the shutdown only when the
 * keys are gone). One session for both: sshd reads its host keys for every new connection, so no later login
 * would work.
 */
export declare const FINAL_SHUTDOWN_COMMAND: string;
/** With --generalize, sysprep powers the guest off: the host keys go in its session, for the same reason. */
export declare function finalSysprepCommand(answerFile: string): string;
/**
 * Removes the bake's NoAutoUpdate policy (a cmd.exe command line): Windows Update is automatic again from the
 * image's next boot on.
 */
export declare const RESTORE_AUTOMATIC_UPDATES_COMMAND = "reg.exe delete HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU /v NoAutoUpdate /f";
