# win.awk - a very small Windows command interpreter for the stand-in guest (busybox awk).
# build.sh makes /lib/standin/win.awk from win/*.awk, in name order: this file (BEGIN, utilities), the cmd
# level, whoami/sysprep, reg, TRIM, the powershell command line, the PowerShell statements.
#
# WIN_MODE=cmdline  ENVIRON["WIN_CMD"] is a command line as an SSH client sends it (cmd.exe rules):
#                   powershell [-NoProfile ...] -EncodedCommand <base64 UTF-16LE> | -Command <text> |
#                   -File <path>; cmd /c <line>; shutdown /s|/r|/p [/t N] [/f]; hostname; whoami;
#                   echo <text>; type <path>; ver; defrag C: /L; reg add|delete|query; exit [/b] N;
#                   "a && b", "a || b", "a & b".
#                   An -EncodedCommand script whose first line is ZERO_FILL_TAG, WRITE_FILE_TAG, APPX_TAG or
#                   PROVISION_TAG is emulated (zero_fill, write_stdin, appx_cleanup, provision_wrapper in
#                   70-scripts.awk); sysprep.exe /generalize is (do_sysprep). -File X.ps1 and X.cmd/X.bat files run
#                   through 70-scripts.awk, but -File of a script whose first line is WU_TAG (the update agent),
#                   schtasks /Create|/Run|/Delete|/Query and Dism.exe /Online /Cleanup-Image
#                   /StartComponentCleanup are win/80-schtasks-dism.awk's.
# WIN_MODE=script   ENVIRON["WIN_SCRIPT"] is a .ps1 file (first-logon.ps1) run leniently: only
#                   $x.WriteLine('text') or $script:x.WriteLine('text') (to COM1 = /dev/ttyS0), Set-Content/Add-Content,
#                   [IO.File]::WriteAllText, New-Item and Write-Host/Write-Output act; every other
#                   statement is skipped (counted).
# PowerShell statements (separated by ";" or newlines) in strict (SSH) mode: see README.md.
# Windows paths: C:\ is the installed system partition (STANDIN_CROOT), D:\, E:\ ... are the CDs.
# Output lines end in CRLF like a Windows console. The first failing statement stops with exit code 1.

BEGIN {
    CROOT = ENVIRON["STANDIN_CROOT"]; if (CROOT == "") CROOT = "/mnt/c"
    HOST = ENVIRON["STANDIN_HOST"]; if (HOST == "") HOST = "WIN-STANDIN"
    USER = ENVIRON["STANDIN_USER"]; if (USER == "") USER = "user"
    NL = "\r\n"; EXITREQ = 0; SILENT = 0; SKIPPED = 0
    ZERO_FILL_TAG = "# bake-windows-image: zero-fill the free space of C:"
    WRITE_FILE_TAG = "# bake-windows-image: write a file from stdin"
    APPX_TAG = "# bake-windows-image: remove Appx packages that stop sysprep"
    WU_TAG = "# bake-windows-image: Windows Update round"
    PROVISION_TAG = "# bake-windows-image: run a provisioning script"
    if (ENVIRON["WIN_MODE"] == "script") {
        LENIENT = 1
        rc = run_ps(readfile(ENVIRON["WIN_SCRIPT"]))
        if (SKIPPED > 0) print SKIPPED " statement(s) not emulated, skipped"
        exit 0
    }
    rc = run_cmdline(ENVIRON["WIN_CMD"])
    # a Windows exit code (3010 ...) does not fit a Linux exit status: dropbear reads it here (exit-status.c)
    if (rc > 255 && ENVIRON["WIN_PID"] != "") writefile("/run/standin/exit/" ENVIRON["WIN_PID"], rc "\n")
    exit rc
}

# ---------------------------------------------------------------- utilities
function trim(s) { sub(/^[ \t\r\n]+/, "", s); sub(/[ \t\r\n]+$/, "", s); return s }
function shq(s) { gsub(/'/, "'\\''", s); return "'" s "'" }
# flushed line by line: output streams to the SSH client as it is printed
function out(s) { if (!SILENT) { printf "%s%s", s, NL; fflush() } }
function err(s) { printf "%s%s", s, NL > "/dev/stderr"; fflush() }
function sh(cmd) { fflush(); return system(cmd) }
function exists(p) { return sh("test -e " shq(p)) == 0 }
function readfile(p,    save, s, line, n) {
    save = RS; RS = "\001"; s = ""; n = 0
    while ((getline line < p) > 0) { s = s line; n++ }
    close(p); RS = save
    return s
}
function writefile(p, s, append) {
    if (append) printf "%s", s >> p; else printf "%s", s > p
    close(p)
}
function serial(s) { printf "%s\n", s > "/dev/ttyS0"; close("/dev/ttyS0") }

# Windows path -> Linux path. C:\ is the install partition, other letters the CDs under /mnt.
function winpath(p,    l, rest) {
    if (p ~ /^[A-Za-z]:/) {
        l = tolower(substr(p, 1, 1)); rest = substr(p, 3); gsub(/\\/, "/", rest)
        if (substr(rest, 1, 1) != "/") rest = "/" rest
        return (l == "c" ? CROOT : "/mnt/" l) rest
    }
    if (substr(p, 1, 2) == "\\\\") return ""
    gsub(/\\/, "/", p)
    return p
}
function parentdir(p) { sub(/\/[^\/]*\/?$/, "", p); return (p == "" ? "/" : p) }

function powerctl(what, delay,    msg) {
    msg = (what == "reboot") ? "restart requested from the command line: rebooting" : "shutdown requested from the command line: powering off"
    sh("setsid sh -c " shq("sleep " delay "; . /lib/standin/common.sh; power " what " " shq(msg)) " < /dev/null > /dev/console 2>&1 &")
}

