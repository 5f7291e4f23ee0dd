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
