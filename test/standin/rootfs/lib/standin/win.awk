# win.awk - a very small Windows command interpreter for the stand-in guest (busybox awk).
#
# WIN_MODE=cmdline  ENVIRON["WIN_CMD"] is a command line as an SSH client sends it (cmd.exe rules):
#                   powershell [-NoProfile ...] -EncodedCommand <base64 UTF-16LE> | -Command <text> |
#                   -File <path>; cmd /c <line>; shutdown /s|/r|/p [/t N] [/f]; hostname; whoami;
#                   echo <text>; type <path>; ver; defrag C: /L; reg add|delete|query; exit [/b] N;
#                   "a && b", "a || b", "a & b".
#                   An -EncodedCommand script whose first line is ZERO_FILL_TAG, WRITE_FILE_TAG or APPX_TAG is
#                   emulated (zero_fill, write_stdin, appx_cleanup); sysprep.exe /generalize is (do_sysprep).
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
    if (ENVIRON["WIN_MODE"] == "script") {
        LENIENT = 1
        rc = run_ps(readfile(ENVIRON["WIN_SCRIPT"]))
        if (SKIPPED > 0) print SKIPPED " statement(s) not emulated, skipped"
        exit 0
    }
    rc = run_cmdline(ENVIRON["WIN_CMD"])
    exit rc
}

# ---------------------------------------------------------------- utilities
function trim(s) { sub(/^[ \t\r\n]+/, "", s); sub(/[ \t\r\n]+$/, "", s); return s }
function shq(s) { gsub(/'/, "'\\''", s); return "'" s "'" }
function out(s) { if (!SILENT) printf "%s%s", s, NL }
function err(s) { printf "%s%s", s, NL > "/dev/stderr" }
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

# ---------------------------------------------------------------- cmd.exe level
# next word of a cmd line (double quotes group, and are removed); the remainder goes to REST
function nextword(s,    i, ch, w, q, L) {
    s = trim(s); w = ""; q = 0; L = length(s)
    for (i = 1; i <= L; i++) {
        ch = substr(s, i, 1)
        if (ch == "\"") { q = !q; continue }
        if (!q && (ch == " " || ch == "\t")) break
        w = w ch
    }
    REST = trim(substr(s, i + 1))
    return w
}
function unquote_all(s) {
    s = trim(s)
    if (length(s) >= 2 && substr(s, 1, 1) == "\"" && substr(s, length(s), 1) == "\"") s = substr(s, 2, length(s) - 2)
    gsub(/\\"/, "\"", s)
    return s
}

function run_cmdline(line,    n, i, ch, q, cur, seg, ops, op, rc) {
    gsub(/\r/, "", line)
    n = 0; cur = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        ch = substr(line, i, 1)
        if (ch == "\"") q = !q
        if (!q && (ch == "&" || (ch == "|" && substr(line, i + 1, 1) == "|"))) {
            op = ch
            if (substr(line, i + 1, 1) == ch) { op = ch ch; i++ }
            n++; seg[n] = cur; ops[n] = op; cur = ""; continue
        }
        cur = cur ch
    }
    n++; seg[n] = cur
    rc = 0
    for (i = 1; i <= n; i++) {
        if (i > 1 && ops[i - 1] == "&&" && rc != 0) continue
        if (i > 1 && ops[i - 1] == "||" && rc == 0) continue
        rc = run_simple(seg[i])
        if (EXITREQ) return rc
    }
    return rc
}

function run_simple(s,    w0, w, a, t, rest) {
    s = trim(s)
    if (s == "") return 0
    w0 = nextword(s); rest = REST
    w = tolower(w0); sub(/^.*[\\\/]/, "", w); sub(/\.exe$/, "", w)
    if (w == "powershell" || w == "pwsh") return run_powershell(rest)
    if (w == "cmd") {
        while (rest != "") {
            a = nextword(rest); t = tolower(a)
            if (t == "/c" || t == "/k") return run_cmdline(unquote_all(REST))
            if (t ~ /^\/[sdqa-z]$/ || t ~ /^\/[a-z]:/) { rest = REST; continue }
            break
        }
        return 0
    }
    if (w == "echo") { out(rest == "" ? "ECHO is on." : rest); return 0 }
    if (w ~ /^echo[.]/) { out(substr(s, 6)); return 0 }
    if (w == "hostname") { out(HOST); return 0 }
    if (w == "whoami") return do_whoami(rest)
    if (w == "ver") { out(""); out("Microsoft Windows [Version 10.0.26100.1742]"); return 0 }
    if (w == "shutdown") return do_shutdown(rest)
    if (w == "sysprep") return do_sysprep(rest)
    if (w == "defrag") return do_defrag(rest)
    if (w == "reg") return do_reg(rest)
    if (w == "exit") {
        EXITREQ = 1
        a = nextword(rest); if (tolower(a) == "/b") a = nextword(REST)
        return a + 0
    }
    if (w == "type") {
        t = winpath(unquote_all(rest))
        if (t == "" || !exists(t)) { err("The system cannot find the file specified."); return 1 }
        printf "%s", readfile(t)
        return 0
    }
    err("'" w0 "' is not recognized as an internal or external command,")
    err("operable program or batch file.")
    return 1
}

function do_shutdown(args,    a, t, what, delay) {
    what = ""; delay = 0
    while (args != "") {
        a = tolower(nextword(args)); args = REST
        if (a == "/s" || a == "-s" || a == "/p" || a == "-p") what = "off"
        else if (a == "/r" || a == "-r" || a == "/g" || a == "-g") what = "reboot"
        else if (a == "/a" || a == "-a") { err("Unable to abort the system shutdown because no shutdown was in progress.(1116)"); return 1 }
        else if (a == "/t" || a == "-t") { delay = nextword(args) + 0; args = REST }
        else if (a == "/c" || a == "-c" || a == "/d" || a == "-d") { nextword(args); args = REST }
    }
    if (what == "") { err("Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid] [/soft] [/fw] [/f]"); return 1 }
    powerctl(what, delay + 1)
    return 0
}

# whoami [/user]: the account and, with /user, its SID = the machine SID from specialize + the RID 1001
function do_whoami(args,    name, sid, w1, w2, eq1, eq2, i) {
    name = tolower(HOST "\\" USER)
    if (tolower(trim(args)) != "/user") { out(name); return 0 }
    sid = readfile(CROOT "/Windows/System32/config/standin-sid"); gsub(/[\r\n]/, "", sid)
    if (sid == "") { err("ERROR: Unable to get user SID."); return 1 }
    sid = sid "-1001"
    w1 = length(name) > 9 ? length(name) : 9; w2 = length(sid)
    eq1 = ""; for (i = 0; i < w1; i++) eq1 = eq1 "="
    eq2 = ""; for (i = 0; i < w2; i++) eq2 = eq2 "="
    out(""); out("USER INFORMATION"); out("----------------"); out("")
    out(sprintf("%-" w1 "s %s", "User Name", "SID")); out(eq1 " " eq2); out(sprintf("%-" w1 "s %s", name, sid))
    return 0
}

# sysprep.exe /generalize /oobe /shutdown [/quiet] [/mode:vm] /unattend:<file>: the answer file becomes
# C:\Windows\Panther\unattend.xml, the machine SID and computer name go (specialize makes new ones at the
# next boot), the installation goes back to specialize, and the guest powers off.
function do_sysprep(args,    a, la, gen, oobe, off, ans, lp, croot, elog) {
    gen = 0; oobe = 0; off = ""; ans = ""
    while (args != "") {
        a = nextword(args); args = REST; la = tolower(a); sub(/^-/, "/", la)
        if (la == "/generalize") gen = 1
        else if (la == "/oobe") oobe = 1
        else if (la == "/shutdown") off = "off"
        else if (la == "/reboot") off = "reboot"
        else if (la == "/quit") off = "quit"
        else if (la == "/quiet" || la == "/mode:vm") continue
        else if (substr(la, 1, 10) == "/unattend:") ans = substr(a, 11)
        else { err("standin: sysprep " a " is not in the stand-in's subset"); return 1 }
    }
    if (!gen || !oobe || off == "") { err("standin: sysprep needs /generalize /oobe and /shutdown, /reboot or /quit here"); return 1 }
    croot = CROOT; elog = croot "/Windows/System32/Sysprep/Panther/setuperr.log"
    sh("mkdir -p " shq(parentdir(elog)))
    lp = (ans == "") ? "" : winpath(ans)
    if (ans != "" && (lp == "" || !exists(lp))) {
        writefile(elog, "Error [0x0f0082] SYSPRP The unattend file " ans " could not be found" NL, 1)
        return 1
    }
    if (lp != "") sh("cp " shq(lp) " " shq(croot "/Windows/Panther/unattend.xml"))
    sh("rm -f " shq(croot "/Windows/System32/config/standin-sid") " " shq(croot "/Windows/standin/computername") \
        "; echo specialize > " shq(croot "/Windows/standin/state") "; : > " shq(croot "/Windows/standin/generalized") "; sync")
    serial("standin: sysprep: generalized" (ans == "" ? "" : " with " ans) "; the next boot runs specialize and oobe")
    if (off != "quit") powerctl(off, 1)
    return 0
}

# The builder's file upload: standard input (base64) into the path on the script's "$path = '...'" line.
function write_stdin(text,    n, ln, i, p, lp) {
    gsub(/\r/, "", text); n = split(text, ln, "\n"); p = ""
    for (i = 1; i <= n; i++) if (ln[i] ~ /^\$path = '.*'$/) { p = substr(ln[i], 10, length(ln[i]) - 10); gsub(/''/, "'", p); break }
    lp = winpath(p)
    if (lp == "") { err("standin: the write-file script names no $path"); return 1 }
    if (sh("mkdir -p " shq(parentdir(lp)) " && tr -d ' \\r\\n' | base64 -d > " shq(lp)) != 0) {
        err("Exception calling \"FromBase64String\" with \"1\" argument(s): \"The input is not a valid Base-64 string.\""); return 1
    }
    return 0
}

# ---------------------------------------------------------------- reg.exe (add, delete, query)
# The registry is a file on C: (C:\Windows\standin\registry), one value a line: KEY<TAB>NAME<TAB>TYPE<TAB>DATA,
# KEY with its root spelt out (HKEY_LOCAL_MACHINE\...), compared without case like Windows. REG_DWORD data is
# kept as a decimal number and shown as 0x... by reg query.
function regfile() { return CROOT "/Windows/standin/registry" }
function regkey(k,    r, rest) {
    r = toupper(k); sub(/\\.*$/, "", r); rest = substr(k, length(r) + 1)
    if (r == "HKLM") r = "HKEY_LOCAL_MACHINE"; else if (r == "HKCU") r = "HKEY_CURRENT_USER"
    else if (r == "HKCR") r = "HKEY_CLASSES_ROOT"; else if (r == "HKU") r = "HKEY_USERS"; else if (r == "HKCC") r = "HKEY_CURRENT_CONFIG"
    if (r !~ /^HKEY_(LOCAL_MACHINE|CURRENT_USER|CLASSES_ROOT|USERS|CURRENT_CONFIG)$/) return ""
    sub(/\\+$/, "", rest)
    return r rest
}
function hexval(s,    i, n, c) {
    s = tolower(s); if (s !~ /^0x/) return s + 0
    n = 0; for (i = 3; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); if (!c) break; n = n * 16 + c - 1 }
    return n
}
function tohex(n,    h) { h = ""; n = int(n); do { h = substr("0123456789abcdef", n % 16 + 1, 1) h; n = int(n / 16) } while (n > 0); return "0x" h }
function regerr(s) { err("ERROR: " s); return 1 }
# do_reg: reg add KEY [/v NAME | /ve] [/t TYPE] [/d DATA] [/f]; reg delete KEY [/v NAME | /ve | /va] [/f];
# reg query KEY [/v NAME | /ve]. Other operations and switches are not in the subset.
function do_reg(args,    op, key, a, la, name, type, data, force, f, line, n, i, kept, found, lk, v) {
    op = tolower(nextword(args)); args = REST
    key = nextword(args); args = REST
    if (op != "add" && op != "delete" && op != "query") { err("standin: reg " op " is not in the stand-in's subset (add, delete, query)"); return 1 }
    if (key == "" || (key = regkey(key)) == "") return regerr("Invalid key name.")
    name = "\001"; type = "REG_SZ"; data = ""; force = 0
    while (args != "") {
        a = nextword(args); args = REST; la = tolower(a)
        if (la == "/v") { name = nextword(args); args = REST }
        else if (la == "/ve") name = ""
        else if (la == "/va" && op == "delete") name = "\002"
        else if (la == "/t" && op == "add") { type = toupper(nextword(args)); args = REST }
        else if (la == "/d" && op == "add") { data = nextword(args); args = REST }
        else if (la == "/f") force = 1
        else return regerr("Invalid syntax.")
    }
    if (op != "query" && !force) { err("standin: reg " op " without /f would ask for confirmation; give /f"); return 1 }
    f = regfile(); lk = tolower(key); n = 0; found = 0
    while ((getline line < f) > 0) {
        split(line, v, "\t")
        if (tolower(v[1]) == lk && (name == "\001" || name == "\002" || tolower(v[2]) == tolower(name))) {
            found++
            if (op == "query") { if (found == 1) { out(""); out(v[1]) }; out("    " (v[2] == "" ? "(Default)" : v[2]) "    " v[3] "    " (v[3] == "REG_DWORD" ? tohex(v[4]) : v[4])); continue }
            continue
        }
        kept[++n] = line
    }
    close(f)
    if (op == "query") { if (!found) return regerr("The system was unable to find the specified registry key or value."); out(""); return 0 }
    if (op == "delete" && !found) return regerr("The system was unable to find the specified registry key or value.")
    if (op == "add") {
        if (name == "\001") name = ""
        if (type != "REG_SZ" && type != "REG_DWORD" && type != "REG_EXPAND_SZ") { err("standin: reg add /t " type " is not in the stand-in's subset (REG_SZ, REG_EXPAND_SZ, REG_DWORD)"); return 1 }
        if (type == "REG_DWORD") data = hexval(data)
        kept[++n] = key "\t" name "\t" type "\t" data
    }
    sh("mkdir -p " shq(parentdir(f)))
    printf "" > f
    for (i = 1; i <= n; i++) print kept[i] > f
    close(f); sh("sync")
    out("The operation completed successfully.")
    return 0
}

# ---------------------------------------------------------------- TRIM of C:
# What a retrim of C: does, as installed.sh found the disk at boot (/run/standin/trim): "ok" (then fstrim;
# discards reach the qcow2 with discard=unmap), "incorrect-function" (vioscsi without a 64 KiB discard
# granularity on current Windows 11) or "unsupported" (storage that cannot discard).
function retrim(    st) {
    st = readfile("/run/standin/trim"); gsub(/[\r\n]/, "", st)
    if (st == "") st = "ok"
    if (st == "ok" && sh("fstrim " shq(CROOT) " > /dev/null 2>&1") != 0) st = "unsupported"
    return st
}
function volname(    l) { l = readfile("/run/standin/clabel"); gsub(/[\r\n]/, "", l); return (l == "" ? "" : l " ") "(C:)" }

# defrag <volume> /L (retrim; /O does the same here), /U /V /H /M accepted
function do_defrag(args,    a, la, vol, op, st) {
    vol = ""; op = ""
    while (args != "") {
        a = nextword(args); args = REST; la = tolower(a); sub(/^-/, "/", la)
        if (la ~ /^[a-z]:\\?$/) { vol = toupper(substr(la, 1, 1)); continue }
        if (la == "/l" || la == "/o") { op = "retrim"; continue }
        if (la == "/u" || la == "/v" || la == "/h" || la == "/m") continue
        err("standin: defrag " a " is not in the stand-in's subset (defrag C: /L)"); return 1
    }
    out("Microsoft Drive Optimizer"); out("Copyright (c) Microsoft Corp."); out("")
    if (vol == "" || op == "") { out("The parameter is incorrect. (0x80070057)"); return 1 }
    if (vol != "C") { out("The system cannot find the drive specified. (0x8007000F)"); return 1 }
    out("Invoking retrim on " volname() "...")
    st = retrim()
    if (st == "ok") { out(""); out(""); out("\tRetrim:  100% complete."); out(""); out("The operation completed successfully."); return 0 }
    out("")
    if (st == "incorrect-function") out("Incorrect function. (0x80070001)")
    else out("The operation requested is not supported by the hardware backing the volume. (0x8900002A)")
    return 1
}
# Optimize-Volume's error when the retrim fails, in Windows PowerShell's format for a CIM error
function optimize_error(stmt, st,    id, tl, i) {
    "cat /proc/sys/kernel/random/uuid" | getline id; close("cat /proc/sys/kernel/random/uuid")
    tl = ""; for (i = 1; i <= length(stmt); i++) tl = tl "~"
    if (st == "incorrect-function") err("Optimize-Volume : Incorrect function.")
    else err("Optimize-Volume : The volume optimization operation requested is not supported by the hardware backing the volume.")
    err("Activity ID: {" id "}")
    err("At line:1 char:1")
    err("+ " stmt)
    err("+ " tl)
    err("    + CategoryInfo          : NotSpecified: (StorageWMI:ROOT/Microsoft/...age/MSFT_Volume) [Optimize-Volume], CimException")
    err("    + FullyQualifiedErrorId : StorageWMI " (st == "incorrect-function" ? 1 : 43022) ",Optimize-Volume")
    err("")
    return 1
}

# The builder's zero-fill script (its loop is not interpreted): zeros into C:\bake-windows-image-zero-fill.tmp
# until C: is full (FAT32 caps a file at 4 GiB - 1: then .2.tmp, .3.tmp ...), sync, delete, sync.
function zero_fill(    cmd, n) {
    cmd = "cd " shq(CROOT) " || exit 1; t=0; i=1; while [ $i -le 64 ]; do " \
        "f=bake-windows-image-zero-fill.tmp; [ $i = 1 ] || f=bake-windows-image-zero-fill.$i.tmp; " \
        "dd if=/dev/zero of=$f bs=1M 2>/dev/null; s=$(stat -c %s $f); t=$((t + s)); i=$((i + 1)); " \
        "[ $s -ge 4293918719 ] || break; done; sync; rm -f bake-windows-image-zero-fill*.tmp; sync; echo $((t / 1048576))"
    fflush(); n = ""
    cmd | getline n; close(cmd)
    if (n == "") { err("standin: zero-fill of C: failed"); return 1 }
    out("zero-filled " n " MiB of free space on C:")
    return 0
}
function first_line(t,    i) {
    sub(/^\357\273\277/, "", t); gsub(/\r/, "", t)
    i = index(t, "\n"); return i ? substr(t, 1, i - 1) : t
}

# ---------------------------------------------------------------- powershell.exe command line
function isprefix(a, full, minlen) { return length(a) >= minlen && substr(full, 1, length(a)) == a }

function run_powershell(args,    a, la, b, text) {
    while (args != "") {
        a = nextword(args); la = tolower(a)
        if (substr(la, 1, 1) != "-" && substr(la, 1, 1) != "/") return run_ps(unquote_all(args))
        args = REST
        sub(/^\//, "-", la)
        if (la == "-ec" || isprefix(la, "-encodedcommand", 2)) {
            b = nextword(args)
            text = b64_utf16(b)
            if (text == "\001") {
                err("Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded.")
                return 1
            }
            if (first_line(text) == ZERO_FILL_TAG) return zero_fill()
            if (first_line(text) == WRITE_FILE_TAG) return write_stdin(text)
            if (first_line(text) == APPX_TAG) { out("removed 0 Appx package(s) installed for a user but not provisioned; could not remove 0: "); return 0 }
            return run_ps(text)
        }
        if (la == "-c" || isprefix(la, "-command", 3)) return run_ps(unquote_all(args))
        if (isprefix(la, "-file", 2)) {
            b = winpath(nextword(args))
            if (b == "" || !exists(b)) { err("The argument '" b "' to the -File parameter does not exist."); return 1 }
            return run_ps(readfile(b))
        }
        if (la == "-ep" || isprefix(la, "-executionpolicy", 3) || isprefix(la, "-inputformat", 3) || \
            isprefix(la, "-outputformat", 3) || isprefix(la, "-windowstyle", 2) || isprefix(la, "-version", 2) || \
            isprefix(la, "-configurationname", 4) || isprefix(la, "-psconsolefile", 3) || isprefix(la, "-workingdirectory", 3)) {
            nextword(args); args = REST
        }
    }
    return 0
}

# base64 of UTF-16LE -> text (ASCII only: the NUL bytes are dropped); "\001" when not base64
function b64_utf16(b,    f, cmd, s, save, line) {
    if (b == "" || b !~ /^[A-Za-z0-9+\/=]+$/) return "\001"
    "mktemp" | getline f; close("mktemp")
    printf "%s\n", b > f; close(f)
    cmd = "base64 -d " f " 2>/dev/null | tr -d '\\000'; rm -f " f
    save = RS; RS = "\001"; s = ""
    while ((cmd | getline line) > 0) s = s line
    close(cmd); RS = save
    sub(/^\377\376/, "", s)
    return s
}

# ---------------------------------------------------------------- PowerShell statements
function run_ps(text,    st, n, i, rc) {
    gsub(/\r/, "", text)
    sub(/^\357\273\277/, "", text)
    n = ps_split(text, st)
    rc = 0
    for (i = 1; i <= n; i++) {
        rc = ps_stmt(st[i])
        if (EXITREQ) return rc
        if (rc != 0 && !LENIENT) return rc
    }
    return LENIENT ? 0 : rc
}

# split at ";" and newlines outside quotes; drop # and <# #> comments; join `-continued lines
function ps_split(text, arr,    n, i, ch, q, cur, L, e) {
    n = 0; cur = ""; q = ""; L = length(text)
    for (i = 1; i <= L; i++) {
        ch = substr(text, i, 1)
        if (q == "'") {
            cur = cur ch
            if (ch == "'") { if (substr(text, i + 1, 1) == "'") { cur = cur "'"; i++ } else q = "" }
            continue
        }
        if (q == "\"") {
            cur = cur ch
            if (ch == "`") { i++; cur = cur substr(text, i, 1); continue }
            if (ch == "\"") { if (substr(text, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = "" }
            continue
        }
        if (ch == "'" || ch == "\"") { q = ch; cur = cur ch; continue }
        if (ch == "`") { if (substr(text, i + 1, 1) == "\n") { i++; cur = cur " " } else { cur = cur ch substr(text, i + 1, 1); i++ }; continue }
        if (ch == "<" && substr(text, i + 1, 1) == "#") {
            e = index(substr(text, i + 2), "#>"); if (e == 0) break
            i = i + 2 + e; continue
        }
        if (ch == "#" && cur ~ /(^|[ \t])$/) {
            while (i <= L && substr(text, i, 1) != "\n") i++
            i--; continue
        }
        if (ch == ";" || ch == "\n") { arr[++n] = cur; cur = ""; continue }
        cur = cur ch
    }
    arr[++n] = cur
    return n
}

function envvar(name,    u) {
    u = tolower(name)
    if (u == "computername") return toupper(HOST)
    if (u == "username") return USER
    if (u == "systemdrive") return "C:"
    if (u == "windir" || u == "systemroot") return "C:\\Windows"
    if (u == "programdata" || u == "allusersprofile") return "C:\\ProgramData"
    if (u == "programfiles") return "C:\\Program Files"
    if (u == "userprofile") return "C:\\Users\\" USER
    if (u == "temp" || u == "tmp") return "C:\\Users\\" USER "\\AppData\\Local\\Temp"
    return ""
}
function expand(s,    o) {
    o = ""
    while (match(s, /\$\{?env:[A-Za-z_][A-Za-z0-9_]*\}?/)) {
        v = substr(s, RSTART, RLENGTH); gsub(/^\$\{?env:|\}$/, "", v)
        o = o substr(s, 1, RSTART - 1) envvar(v); s = substr(s, RSTART + RLENGTH)
    }
    return o s
}
function bt(c) { if (c == "n") return "\n"; if (c == "r") return "\r"; if (c == "t") return "\t"; if (c == "0") return ""; return c }

# tokens of one statement: TOK[1..n], TQ[i] = 1 when (partly) quoted. Quotes are removed.
function ps_tokens(s,    n, i, ch, cur, quoted, L, dq, nx) {
    n = 0; L = length(s); i = 1
    while (i <= L) {
        ch = substr(s, i, 1)
        if (ch == " " || ch == "\t") { i++; continue }
        cur = ""; quoted = 0
        while (i <= L) {
            ch = substr(s, i, 1)
            if (ch == " " || ch == "\t") break
            if (ch == "'") {
                quoted = 1; i++
                while (i <= L) {
                    ch = substr(s, i, 1)
                    if (ch == "'") { if (substr(s, i + 1, 1) == "'") { cur = cur "'"; i += 2; continue }; i++; break }
                    cur = cur ch; i++
                }
                continue
            }
            if (ch == "\"") {
                quoted = 1; i++; dq = ""
                while (i <= L) {
                    ch = substr(s, i, 1)
                    if (ch == "`") { dq = dq bt(substr(s, i + 1, 1)); i += 2; continue }
                    if (ch == "\"") { if (substr(s, i + 1, 1) == "\"") { dq = dq "\""; i += 2; continue }; i++; break }
                    dq = dq ch; i++
                }
                cur = cur expand(dq)
                continue
            }
            if (ch == "`") { cur = cur bt(substr(s, i + 1, 1)); i += 2; continue }
            cur = cur ch; i++
        }
        n++; TOK[n] = cur; TQ[n] = quoted
    }
    return n
}

# the string literal at the start of s ('...' or "..."); LIT_OK = 1 when there is one
function ps_literal(s,    i, ch, v, q, L) {
    s = trim(s); LIT_OK = 0; v = ""; L = length(s)
    q = substr(s, 1, 1)
    if (q != "'" && q != "\"") return ""
    for (i = 2; i <= L; i++) {
        ch = substr(s, i, 1)
        if (q == "\"" && ch == "`") { v = v bt(substr(s, i + 1, 1)); i++; continue }
        if (ch == q) {
            if (substr(s, i + 1, 1) == q) { v = v q; i++; continue }
            LIT_OK = 1; LIT_REST = substr(s, i + 1)
            return (q == "\"") ? expand(v) : v
        }
        v = v ch
    }
    return ""
}

# named parameters -> P[lowercase name] (switches -> "1"), positional -> POS[1..NPOS]
function ps_params(n, switches,    i, t, nm, c) {
    split("", P); split("", POS); NPOS = 0
    for (i = 2; i <= n; i++) {
        t = TOK[i]
        if (!TQ[i] && t ~ /^-[A-Za-z]/) {
            nm = tolower(substr(t, 2))
            if ((c = index(nm, ":")) > 0) { P[substr(nm, 1, c - 1)] = substr(t, c + 2); continue }
            if (index(" " switches " ", " " nm " ")) { P[nm] = "1"; continue }
            if (i < n) { P[nm] = TOK[i + 1]; i++ } else P[nm] = ""
            continue
        }
        POS[++NPOS] = t
    }
}
function pathparam() {
    if ("literalpath" in P) return P["literalpath"]
    if ("lp" in P) return P["lp"]
    if ("pspath" in P) return P["pspath"]
    if ("path" in P) return P["path"]
    if (NPOS >= 1) { POSUSED = 1; return POS[1] }
    return ""
}
function quiet_errors() { return ("erroraction" in P && tolower(P["erroraction"]) ~ /^(silentlycontinue|ignore)$/) || ("ea" in P && tolower(P["ea"]) ~ /^(silentlycontinue|ignore|0)$/) }

function unsupported(what) {
    err(what " : The term '" what "' is not recognized as the name of a cmdlet, function, script file, or operable program.")
    err("standin: (not in the stand-in's PowerShell subset; see test/standin/README.md)")
    return 1
}

function ps_stmt(s,    n, c, lit, lit2, p, lp, v, i, rc) {
    s = trim(s); SILENT = 0
    if (s == "" || s == "{" || s == "}") return 0
    if (match(s, /\|[ \t]*[Oo]ut-[Nn]ull[ \t]*$/)) { s = trim(substr(s, 1, RSTART - 1)); SILENT = 1 }
    # $port.WriteLine('text') or $script:port.WriteLine('text')  -> COM1
    if (match(s, /\$([Ss][Cc][Rr][Ii][Pp][Tt]:)?[A-Za-z_][A-Za-z0-9_]*\.WriteLine\(/)) {
        lit = ps_literal(substr(s, RSTART + RLENGTH))
        if (LIT_OK) { serial(lit); return 0 }
    }
    # [System.IO.File]::WriteAllText('path', 'text')
    if (match(s, /^\[(System\.)?IO\.File\]::(WriteAllText|AppendAllText)\(/)) {
        c = (s ~ /AppendAllText/)
        lit = ps_literal(substr(s, RLENGTH + 1))
        if (LIT_OK) {
            v = LIT_REST; sub(/^[ \t]*,/, "", v)
            lit2 = ps_literal(v)
            if (LIT_OK) return do_write(lit, lit2, c, 1)
        }
    }
    if (match(s, /^\$[A-Za-z_][A-Za-z0-9_:]*[ \t]*=[^=]/)) {
        c = tolower(substr(s, 2, RLENGTH - 2)); sub(/[ \t]*=$/, "", c)
        if (c ~ /^(erroractionpreference|progresspreference|verbosepreference|warningpreference|confirmpreference|informationpreference)$/) return 0
        if (LENIENT) { SKIPPED++; return 0 }
        return unsupported("$" c)
    }
    n = ps_tokens(s)
    c = tolower(TOK[1])
    for (i = 2; i <= n; i++) if (!TQ[i] && TOK[i] == "|") {
        if (LENIENT) { SKIPPED++; return 0 }
        err("standin: pipelines are not in the stand-in's PowerShell subset: " s); return 1
    }
    # variables and sub-expressions are not evaluated: such a statement is skipped (script) or refused (SSH)
    if ((c == "set-content" || c == "add-content" || c == "out-file" || c == "new-item" || c ~ /^write-/ || c == "echo") && has_expr(n)) {
        if (LENIENT) { SKIPPED++; return 0 }
        err("standin: variables and expressions are not in the stand-in's PowerShell subset: " s); return 1
    }
    if (c == "set-content" || c == "add-content" || c == "out-file") {
        ps_params(n, "force nonewline append passthru whatif")
        POSUSED = 0; p = pathparam()
        if ("filepath" in P) p = P["filepath"]
        if ("value" in P) v = P["value"]; else if ("inputobject" in P) v = P["inputobject"]; else v = POS[1 + POSUSED]
        return do_write(p, v, (c == "add-content" || ("append" in P)), ("nonewline" in P))
    }
    if (c == "new-item") {
        ps_params(n, "force whatif")
        POSUSED = 0; p = pathparam()
        if ("name" in P) p = p "\\" P["name"]
        lp = winpath(p)
        v = ("itemtype" in P) ? tolower(P["itemtype"]) : (("type" in P) ? tolower(P["type"]) : "file")
        if (lp == "") { err("New-Item : Cannot find path '" p "'."); return 1 }
        if (v == "directory") { sh("mkdir -p " shq(lp)); return 0 }
        if (exists(lp) && !("force" in P)) { err("New-Item : The file '" p "' already exists."); return 1 }
        return do_write(p, ("value" in P) ? P["value"] : "", 0, 1)
    }
    if (c == "write-host" || c == "write-output" || c == "echo" || c == "write") {
        ps_params(n, "nonewline")
        v = ("object" in P) ? P["object"] : (("inputobject" in P) ? P["inputobject"] : "")
        for (i = 1; i <= NPOS; i++) v = v (v == "" ? "" : " ") POS[i]
        out(v); return 0
    }
    if (LENIENT) { SKIPPED++; return 0 }

    if (c == "test-path") {
        ps_params(n, "isvalid")
        p = pathparam(); lp = winpath(p)
        if (p == "") { err("Test-Path : Cannot bind argument to parameter 'Path' because it is an empty string."); return 1 }
        v = tolower(P["pathtype"])
        if (lp == "") rc = 1
        else if (v == "leaf") rc = sh("test -f " shq(lp))
        else if (v == "container") rc = sh("test -d " shq(lp))
        else rc = sh("test -e " shq(lp))
        out(rc == 0 ? "True" : "False"); return 0
    }
    if (c == "get-content" || c == "gc" || c == "cat" || c == "type") {
        ps_params(n, "raw force")
        p = pathparam(); lp = winpath(p)
        if (lp == "" || !exists(lp) || sh("test -d " shq(lp)) == 0) {
            if (quiet_errors()) return 0
            err("Get-Content : Cannot find path '" p "' because it does not exist."); return 1
        }
        v = readfile(lp)
        if ("raw" in P) { if (!SILENT) { printf "%s", v; if (v !~ /\n$/) printf "%s", NL } }
        else { gsub(/\r/, "", v); sub(/\n$/, "", v); if (v != "") { gsub(/\n/, NL, v); out(v) } }
        return 0
    }
    if (c == "remove-item" || c == "del" || c == "rm" || c == "erase" || c == "ri") {
        ps_params(n, "force recurse whatif confirm")
        p = pathparam(); lp = winpath(p)
        # -Path takes wildcards (-LiteralPath does not): every match goes, none is no error
        if (!("literalpath" in P) && !("lp" in P) && lp ~ /[*?]/ && parentdir(lp) !~ /[*?]/) {
            v = lp; sub(/^.*\//, "", v)
            sh("for f in " shq(parentdir(lp)) "/" v "; do [ ! -e \"$f\" ] || rm -rf \"$f\"; done")
            return 0
        }
        if (lp == "" || !exists(lp)) {
            if (quiet_errors()) return 0
            err("Remove-Item : Cannot find path '" p "' because it does not exist."); return 1
        }
        sh("rm -rf " shq(lp)); return 0
    }
    if (c == "optimize-volume") {
        ps_params(n, "retrim defrag analyze slabconsolidate tieroptimize verbose normalpriority")
        v = ("driveletter" in P) ? P["driveletter"] : POS[1]
        if (toupper(v) != "C") { err("Optimize-Volume : No MSFT_Volume objects found with property 'DriveLetter' equal to '" v "'."); return 1 }
        v = retrim()
        return (v == "ok") ? 0 : optimize_error(s, v)
    }
    if (c == "confirm-securebootuefi") { # True/False on UEFI (the SecureBoot variable), an error on BIOS
        v = readfile("/run/standin/secureboot"); gsub(/[\r\n]/, "", v)
        if (v == "on" || v == "off") { out(v == "on" ? "True" : "False"); return 0 }
        err("Confirm-SecureBootUEFI : Cmdlet not supported on this platform: 0xC0000002"); return 1
    }
    if (c == "stop-computer") { powerctl("off", 1); return 0 }
    if (c == "restart-computer") { powerctl("reboot", 1); return 0 }
    if (c == "start-sleep" || c == "sleep") {
        ps_params(n, "")
        v = ("seconds" in P) ? P["seconds"] : (("s" in P) ? P["s"] : POS[1])
        if ("milliseconds" in P) v = P["milliseconds"] / 1000
        sh("sleep " (v + 0)); return 0
    }
    if (c == "exit") { EXITREQ = 1; return TOK[2] + 0 }
    if (c == "set-strictmode") return 0
    if (c ~ /^\$\{?env:[a-z_][a-z0-9_]*\}?$/ && n == 1) { v = TOK[1]; gsub(/^\$\{?env:|\}$/, "", v); out(envvar(v)); return 0 }
    if (c == "whoami" || c == "whoami.exe" || c == "hostname" || c == "hostname.exe" || c == "shutdown" || c == "shutdown.exe" || \
        c == "cmd" || c == "cmd.exe" || c == "powershell" || c == "powershell.exe" || c == "defrag" || c == "defrag.exe") return run_simple(s)
    return unsupported(TOK[1])
}

function has_expr(n,    i) {
    for (i = 2; i <= n; i++) if (!TQ[i] && TOK[i] ~ /^[$(@\[]/) return 1
    return 0
}

function do_write(p, v, append, nonl,    lp, pd) {
    lp = winpath(p)
    if (lp == "") { err("Set-Content : Cannot find path '" p "'."); return 1 }
    pd = parentdir(lp)
    if (sh("test -d " shq(pd)) != 0) { err("Set-Content : Could not find a part of the path '" p "'."); return 1 }
    writefile(lp, v (nonl ? "" : NL), append)
    return 0
}
