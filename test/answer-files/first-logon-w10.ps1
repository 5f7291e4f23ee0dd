# bake-windows-image first-logon script.
#
# Rendered by src/unattend/answer-file.ts from templates/first-logon.ps1.mustache; the single
# FirstLogonCommand of autounattend.xml runs it once, as the auto-logged-on administrator, from the root of
# the answer medium. It never contains the password. Every outcome goes to the log file below and, as one
# line starting with the progress prefix, to COM1, where the host reads it. The first step that fails ends
# the script with one failure line on COM1 (failure prefix, step, error): the host fails the build at once
# instead of waiting for a ready line that will never come, and an image never ships half-configured.
#
# The last statements write the ready marker and then the ready signal on COM1, in this order and each on
# one line, and close COM1: the host, and the test stand-in guest that interprets exactly these two lines,
# rely on it. Add new work above them, never below.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version 2.0

$LogPath = 'C:\Windows\Temp\bake-windows-image-first-logon.log'
$ProgressPrefix = 'bake-windows-image: first-logon: '
$FailurePrefix = 'bake-windows-image: guest failed: '
$UserName = 'smolvm'
$OsName = 'Windows 10'
$OpenSshSource = 'capability'
$AnswerLabel = 'AUTOUNATTEND'
$VirtioLabelPrefix = 'virtio-win'
$OpenSshMsiDir = 'openssh'
$OpenSshMsiPattern = 'OpenSSH-Win64*.msi'

# COM1, where the host follows the serial log: opened once here, used for every line and the ready signal,
# closed at the end. Best effort: without it the lines go only to the log file (the host then finds the
# marker over SSH).
$script:SerialPort = $null
$SerialError = $null
try {
    $script:SerialPort = New-Object System.IO.Ports.SerialPort 'COM1', 115200
    $script:SerialPort.Open()
} catch {
    $SerialError = $_.Exception.Message
    $script:SerialPort = $null
}

# One line to COM1. A port that fails now must not stop a step.
function Send-SerialLine {
    param([string]$Line)
    if ($null -eq $script:SerialPort) { return }
    try { $script:SerialPort.WriteLine($Line) } catch { }
}

# Closing flushes what is still buffered for the port.
function Close-SerialPort {
    if ($null -eq $script:SerialPort) { return }
    try { $script:SerialPort.Close() } catch { }
    $script:SerialPort = $null
}

function Write-Log {
    param([string]$Message)
    $line = '{0} {1}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ss'), $Message
    try { Add-Content -LiteralPath $LogPath -Value $line -Encoding UTF8 } catch { }
    # The same line to the host, so that the build log shows what the guest does.
    Send-SerialLine ($ProgressPrefix + $Message)
}

# Runs one step; the first failure is final: logged, reported on COM1 in one line, and the script ends
# without the ready marker (an error message can span lines; the host reads one).
function Invoke-Step {
    param([string]$Name, [scriptblock]$Action)
    Write-Log "step '$Name' started"
    try {
        & $Action
    } catch {
        $message = ($_.Exception.Message -replace '\s+', ' ').Trim()
        Write-Log "step '$Name' FAILED: $message"
        Send-SerialLine ('{0}{1}: {2}' -f $FailurePrefix, $Name, $message)
        Close-SerialPort
        exit 1
    }
    Write-Log "step '$Name' ok"
}

# The root (e.g. 'E:\') of the first volume whose label starts with $LabelPrefix. Get-Volume lists CD
# volumes with their labels; Win32_LogicalDisk is the fallback. Never a fixed drive letter.
function Find-VolumeRoot {
    param([string]$LabelPrefix)
    $volume = Get-Volume -ErrorAction SilentlyContinue |
        Where-Object { $_.DriveLetter -and $_.FileSystemLabel -like "$LabelPrefix*" } |
        Select-Object -First 1
    if ($volume) { return ([string]$volume.DriveLetter + ':\') }
    $disk = Get-CimInstance -ClassName Win32_LogicalDisk -ErrorAction SilentlyContinue |
        Where-Object { $_.VolumeName -like "$LabelPrefix*" } |
        Select-Object -First 1
    if ($disk) { return ($disk.DeviceID + '\') }
    return $null
}

# Runs an installer and waits for it alone (Start-Process -Wait would also wait for anything it spawns).
# Exit code 3010 means "restart needed", which the next boot of the image takes care of.
function Invoke-Installer {
    param([string]$FilePath, [string[]]$Arguments)
    $process = Start-Process -FilePath $FilePath -ArgumentList $Arguments -PassThru
    $null = $process.Handle # keeps ExitCode readable after the process has ended
    $process.WaitForExit()
    if ($process.ExitCode -ne 0 -and $process.ExitCode -ne 3010) {
        throw ('{0} exited with code {1}' -f $FilePath, $process.ExitCode)
    }
}

# A native program's output as one line, for an error message (the host reads one line).
function Format-Output {
    param([object[]]$Output)
    return ((($Output | Out-String) -replace '\s+', ' ').Trim())
}

# Runs a native program; anything but exit code 0 fails the step with the program's output.
function Invoke-Checked {
    param([string]$FilePath, [string[]]$Arguments)
    $output = & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw ('{0} {1} exited with {2}: {3}' -f $FilePath, ($Arguments -join ' '), $LASTEXITCODE, (Format-Output $output))
    }
}

# Deletes an LSA secret (HKLM\SECURITY\Policy\Secrets). LsaStorePrivateData with no data deletes the secret;
# the result is a Windows error code: 0 deleted, 2 there was none.
$LsaSecretSource = @'
using System;
using System.Runtime.InteropServices;

namespace BakeWindowsImage
{
    public static class LsaSecret
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct LsaObjectAttributes
        {
            public int Length;
            public IntPtr RootDirectory;
            public IntPtr ObjectName;
            public uint Attributes;
            public IntPtr SecurityDescriptor;
            public IntPtr SecurityQualityOfService;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct LsaUnicodeString
        {
            public ushort Length;
            public ushort MaximumLength;
            public string Buffer;
        }

        private const uint PolicyCreateSecret = 0x20;

        [DllImport("advapi32.dll")]
        private static extern uint LsaOpenPolicy(IntPtr systemName, ref LsaObjectAttributes attributes, uint access, out IntPtr policy);

        [DllImport("advapi32.dll")]
        private static extern uint LsaStorePrivateData(IntPtr policy, ref LsaUnicodeString keyName, IntPtr privateData);

        [DllImport("advapi32.dll")]
        private static extern uint LsaClose(IntPtr policy);

        [DllImport("advapi32.dll")]
        private static extern int LsaNtStatusToWinError(uint status);

        public static int Delete(string name)
        {
            LsaObjectAttributes attributes = new LsaObjectAttributes();
            IntPtr policy;
            uint status = LsaOpenPolicy(IntPtr.Zero, ref attributes, PolicyCreateSecret, out policy);
            if (status != 0)
            {
                return LsaNtStatusToWinError(status);
            }
            try
            {
                LsaUnicodeString key = new LsaUnicodeString();
                key.Buffer = name;
                key.Length = (ushort)(name.Length * 2);
                key.MaximumLength = (ushort)((name.Length + 1) * 2);
                status = LsaStorePrivateData(policy, ref key, IntPtr.Zero);
                return status == 0 ? 0 : LsaNtStatusToWinError(status);
            }
            finally
            {
                LsaClose(policy);
            }
        }
    }
}
'@

$AnswerRoot = $PSScriptRoot
if (-not $AnswerRoot) { $AnswerRoot = Find-VolumeRoot $AnswerLabel }
Write-Log "started on $OsName as $env:USERNAME; answer medium at $AnswerRoot"
if ($SerialError) { Write-Log "COM1 could not be opened, progress goes only to this log: $SerialError" }

# Auto logon was only for this first logon, and goes first: with LogonCount 1 Windows logs on automatically a
# second time (a documented bug) unless AutoLogonCount is cleared, and a script that stops early must not leave
# it on. Its password is kept as the registry value DefaultPassword and as the LSA secret DefaultPassword:
# both go, or anyone holding the image could read it offline.
Invoke-Step 'auto logon off' {
    $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    Set-ItemProperty -LiteralPath $winlogon -Name 'AutoAdminLogon' -Value '0'
    foreach ($name in @('DefaultPassword', 'AutoLogonCount')) {
        Remove-ItemProperty -LiteralPath $winlogon -Name $name -ErrorAction SilentlyContinue
    }
    Add-Type -TypeDefinition $LsaSecretSource
    $status = [BakeWindowsImage.LsaSecret]::Delete('DefaultPassword')
    if ($status -ne 0 -and $status -ne 2) { throw "deleting the LSA secret DefaultPassword failed with Windows error $status" }
}

# Local account passwords expire after 42 days by default: an image booted later must still accept it.
Invoke-Step 'password never expires' {
    Set-LocalUser -Name $UserName -PasswordNeverExpires $true
}

# OpenSSH Server, offline first: a Win32-OpenSSH MSI shipped on the answer medium; else the sshd that
# Windows Server 2025 has built in; else the Windows capability, which downloads from Windows Update.
Invoke-Step 'install OpenSSH Server' {
    $msi = $null
    if ($AnswerRoot) {
        $msiDir = Join-Path $AnswerRoot $OpenSshMsiDir
        if (Test-Path -LiteralPath $msiDir) {
            $msi = Get-ChildItem -LiteralPath $msiDir -Filter $OpenSshMsiPattern | Sort-Object Name | Select-Object -Last 1
        }
    }
    if ($msi) {
        Write-Log "installing $($msi.FullName) from the answer medium"
        $msiLog = Join-Path $env:WINDIR 'Temp\bake-windows-image-openssh-msi.log'
        Invoke-Installer 'msiexec.exe' @('/i', ('"{0}"' -f $msi.FullName), '/qn', '/norestart', '/l*v', ('"{0}"' -f $msiLog))
    } elseif (Get-Service -Name 'sshd' -ErrorAction SilentlyContinue) {
        Write-Log "sshd is already installed (expected for ${OsName}: $OpenSshSource)"
    } else {
        Write-Log 'installing the capability OpenSSH.Server~~~~0.0.1.0 from Windows Update'
        Add-WindowsCapability -Online -Name 'OpenSSH.Server~~~~0.0.1.0' | Out-Null
    }
    if (-not (Get-Service -Name 'sshd' -ErrorAction SilentlyContinue)) {
        throw 'there is no sshd service after the installation'
    }
}

# Start type Automatic, not delayed-auto: every boot of the image (and of each clone) would otherwise wait
# about two minutes for SSH. The service restarts when it fails (three times, 5 s apart; the count resets
# after a day). The SSH default shell stays cmd.exe (Windows' default, what SSH clients of Windows expect);
# the builder runs PowerShell explicitly (powershell -EncodedCommand), which works from any default shell.
Invoke-Step 'start sshd' {
    Invoke-Checked 'sc.exe' @('config', 'sshd', 'start=', 'auto')
    Invoke-Checked 'sc.exe' @('failure', 'sshd', 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/5000')
    Start-Service -Name 'sshd'
}

# All profiles: the network's category is not known in advance (Server 2025's built-in rule covers only
# Domain and Private).
Invoke-Step 'open TCP 22' {
    $ruleName = 'bake-windows-image-sshd'
    if (-not (Get-NetFirewallRule -Name $ruleName -ErrorAction SilentlyContinue)) {
        New-NetFirewallRule -Name $ruleName -DisplayName 'OpenSSH Server (sshd) TCP 22, all profiles' -Direction Inbound -Protocol TCP -LocalPort 22 -Action Allow -Profile Any -Enabled True | Out-Null
    }
}

# Balloon, serial, QEMU guest agent and the other virtio drivers, from the virtio-win medium.
Invoke-Step 'virtio-win guest tools' {
    $virtioRoot = Find-VolumeRoot $VirtioLabelPrefix
    if (-not $virtioRoot) {
        Write-Log "no volume labelled $VirtioLabelPrefix* found; no guest tools installed"
        return
    }
    $installer = Join-Path $virtioRoot 'virtio-win-guest-tools.exe'
    if (-not (Test-Path -LiteralPath $installer)) {
        Write-Log "$installer does not exist; no guest tools installed"
        return
    }
    $toolsLog = Join-Path $env:WINDIR 'Temp\bake-windows-image-virtio-guest-tools.log'
    Invoke-Installer $installer @('/install', '/quiet', '/norestart', '/log', ('"{0}"' -f $toolsLog))
}

# No hibernation file and no fast startup: the image boots cleanly everywhere and is smaller.
Invoke-Step 'hibernation off' {
    $null = & powercfg.exe /hibernate off
    if ($LASTEXITCODE -ne 0) { throw "powercfg.exe /hibernate off exited with $LASTEXITCODE" }
}

# Setup of build 26100 and later (Windows 11 24H2, Server 2025) adds a recovery partition after C: by itself.
# There it blocks growing C: when the image's disk is enlarged later: WinRE moves back into C: instead.
# reagentc /disable exits 2 when WinRE is off already (as rgl/windows-vagrant reads it); WinRE is enabled
# again whatever happens after it, so that a failed removal never leaves the image without it.
Invoke-Step 'no recovery partition after C:' {
    $system = Get-Partition -DriveLetter C
    $recovery = @(Get-Partition -DiskNumber $system.DiskNumber | Where-Object {
            $_.Offset -gt $system.Offset -and
            ($_.GptType -eq '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}' -or $_.MbrType -eq 39)
        })
    if ($recovery.Count -eq 0) {
        Write-Log 'there is no recovery partition after C:'
        return
    }
    $output = & reagentc.exe /disable
    $code = $LASTEXITCODE
    try {
        if ($code -ne 0 -and $code -ne 2) {
            throw ('reagentc.exe /disable exited with {0}: {1}' -f $code, (Format-Output $output))
        }
        foreach ($partition in $recovery) {
            Remove-Partition -DiskNumber $partition.DiskNumber -PartitionNumber $partition.PartitionNumber -Confirm:$false
            Write-Log ('removed the recovery partition {0} ({1} MiB)' -f $partition.PartitionNumber, [math]::Floor($partition.Size / 1MB))
        }
        # The new end of C: is aligned down to 1 MiB: Resize-Partition refuses extents that are not (Hyper-V).
        $system = Get-Partition -DriveLetter C
        $end = $system.Offset + (Get-PartitionSupportedSize -DriveLetter C).SizeMax
        $size = $end - ($end % 1MB) - $system.Offset
        if ($size - $system.Size -lt 1MB) {
            Write-Log 'C: is at its largest size already'
        } else {
            Resize-Partition -DriveLetter C -Size $size
            Write-Log ('C: grown to {0} MiB' -f [math]::Floor($size / 1MB))
        }
    } finally {
        $output = & reagentc.exe /enable
        if ($LASTEXITCODE -eq 0) {
            Write-Log 'reagentc.exe /enable: WinRE is enabled'
        } else {
            Write-Log ('reagentc.exe /enable exited with {0}: {1}; WinRE stays off' -f $LASTEXITCODE, (Format-Output $output))
        }
    }
}

# Setup keeps copies of the answer file; they have no use after Setup and must not ship in the image.
Invoke-Step 'remove cached answer files' {
    foreach ($name in @('unattend.xml', 'unattend-original.xml', 'autounattend.xml')) {
        $file = Join-Path $env:WINDIR ('Panther\' + $name)
        if (Test-Path -LiteralPath $file) { Remove-Item -LiteralPath $file -Force }
    }
}

Write-Log 'finished; all steps ok'

# Last: the ready marker, then the ready signal for the host (see the top of this file).
Set-Content -LiteralPath 'C:\smolvm-ready.txt' -Value 'ready' -Encoding ASCII
try {
    $script:SerialPort.WriteLine('bake-windows-image: guest ready')
} catch {
    Write-Log "could not write the ready signal to COM1: $($_.Exception.Message)"
}
Close-SerialPort
