# ---------------------------------------------------------------- script files and the provisioning wrapper
# powershell.exe -File X.ps1, cmd.exe /c X.cmd|X.bat and the host's provisioning wrapper. Each runs like a child
# process of its own: it sees the environment (PSENV: the wrapper's $env:NAME lines, cmd's set), its own
# $ErrorActionPreference, and an exit ends only it.

# $env:NAME = '...' (or "...") and the *Preference variables: PSENV and EAP
function ps_assign(name, s,    v) {
    v = s; sub(/^[^=]*=[ \t]*/, "", v)
    v = ps_literal(v)
    if (name ~ /^env:/) { PSENV[tolower(substr(name, 5))] = v; return 0 }
    if (name == "erroractionpreference") EAP = tolower(v)
    return 0
}

# Write-Error 'x' (non-terminating: stderr, the script goes on) and throw 'x' (terminating: exit code 1), in
# Windows PowerShell 5.1's layout for a script run with -File.
function ps_error(c, n, s,    msg, i, tl) {
    msg = ""; for (i = 2; i <= n; i++) if (!(c == "write-error" && !TQ[i] && tolower(TOK[i]) ~ /^-(message|m)$/)) msg = msg (msg == "" ? "" : " ") TOK[i]
    if (c == "throw") {
        if (msg == "") msg = "ScriptHalted"
        tl = ""; for (i = 1; i <= length(s); i++) tl = tl "~"
        err(msg)
        err("At " (SCRIPT_FILE == "" ? "line" : SCRIPT_FILE) ":" STMT_LINE " char:1")
        err("+ " s); err("+ " tl)
        err("    + CategoryInfo          : OperationStopped: (" msg ":String) [], RuntimeException")
        err("    + FullyQualifiedErrorId : " msg)
        err("")
        THROWN = 1
        return 1
    }
    err((SCRIPT_FILE == "" ? "Write-Error" : SCRIPT_FILE) " : " msg)
    err("    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException")
    err("    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException" (SCRIPT_NAME == "" ? "" : "," SCRIPT_NAME))
    err("")
    return (EAP == "stop") ? (THROWN = 1) : 0
}

# powershell.exe -File PATH: the file's statements in order. A failing statement goes on (its error was printed)
# unless the stand-in refused it (not in the subset) or $ErrorActionPreference is 'Stop'; throw ends it with 1.
# Exit code: exit N's N, else 0 (as Windows PowerShell's -File: "normal termination" is 0).
function run_ps_file(arg,    p, lp, text, st, ln, n, i, rc, save_file, save_name, save_eap, save_line) {
    p = arg
    if (p ~ /^'.*'$/) { p = substr(p, 2, length(p) - 2); gsub(/''/, "'", p) }
    lp = winpath(p)
    if (lp == "" || !exists(lp) || sh("test -d " shq(lp)) == 0) {
        err("The argument '" p "' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.")
        return 1 # Windows PowerShell: -196608 (0xFFFD0000), which no Linux process can exit with
    }
    if (tolower(p) !~ /\.ps1$/) {
        err("Processing -File '" p "' failed because the file does not have a '.ps1' extension. Specify a valid Windows PowerShell script file name, and then try again.")
        return 1
    }
    text = readfile(lp)
    if (first_line(text) == WU_TAG) return windows_update(lp) # the update agent (80-schtasks-dism.awk)
    gsub(/\r/, "", text); sub(/^\357\273\277/, "", text)
    n = ps_split(text, st)
    for (i = 1; i <= n; i++) ln[i] = PS_LINE[i]
    save_file = SCRIPT_FILE; save_name = SCRIPT_NAME; save_eap = EAP; save_line = STMT_LINE
    SCRIPT_FILE = p; SCRIPT_NAME = p; sub(/^.*[\\\/]/, "", SCRIPT_NAME); EAP = "continue"
    rc = 0
    for (i = 1; i <= n; i++) {
        REFUSED = 0; THROWN = 0; STMT_LINE = ln[i]
        rc = ps_stmt(st[i])
        if (EXITREQ) break
        if (THROWN || (rc != 0 && (REFUSED || EAP == "stop"))) { rc = 1; break }
        rc = 0
    }
    EXITREQ = 0; SCRIPT_FILE = save_file; SCRIPT_NAME = save_name; EAP = save_eap; STMT_LINE = save_line
    return rc
}

# %NAME% from the environment (undefined: empty, as in a batch file), %% -> %, %0 and %~dp0 the file
function cmd_expand(s, file, rc,    o, name, dir) {
    dir = file; sub(/[^\\]*$/, "", dir)
    gsub(/%~dp0/, dir, s); gsub(/%0/, file, s)
    o = ""
    while (match(s, /%[^%]*%/)) {
        name = substr(s, RSTART + 1, RLENGTH - 2)
        o = o substr(s, 1, RSTART - 1)
        if (name == "") o = o "%"
        else if (tolower(name) == "errorlevel") o = o rc
        else o = o envvar(name)
        s = substr(s, RSTART + RLENGTH)
    }
    return o s
}

# cmd.exe /c X.cmd: line by line. Echo is on until "echo off" (each line is shown after the prompt, expanded, as
# cmd does); "@" hides one line; rem, :: and :labels are skipped; set NAME=value sets the environment; every
# other line goes through the cmd level (run_cmdline). exit /b N ends the file with N, exit N too (and cmd.exe
# with it). Exit code: exit's, else the last command's.
function run_batch(path,    lp, text, L, n, i, line, rc, echo_on, quiet, lw, v, eq) {
    lp = winpath(path)
    if (lp == "" || !exists(lp)) { err("The system cannot find the path specified."); return 1 }
    text = readfile(lp); gsub(/\r/, "", text)
    n = split(text, L, "\n")
    echo_on = 1; rc = 0
    for (i = 1; i <= n; i++) {
        line = trim(L[i]); quiet = 0
        if (substr(line, 1, 1) == "@") { quiet = 1; line = trim(substr(line, 2)) }
        if (line == "" || substr(line, 1, 1) == ":") continue
        lw = tolower(line)
        if (lw == "rem" || lw ~ /^rem[ \t]/) continue
        line = cmd_expand(line, path, rc) # cmd shows a line after this expansion
        if (echo_on && !quiet) { out(""); out("C:\\Users\\" USER ">" line) }
        if (lw == "echo off") { echo_on = 0; continue }
        if (lw == "echo on") { echo_on = 1; continue }
        if (tolower(line) ~ /^set[ \t]+[^\/]/) {
            v = trim(substr(line, 4))
            if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
            eq = index(v, "=")
            if (eq > 1) { PSENV[tolower(substr(v, 1, eq - 1))] = substr(v, eq + 1); rc = 0; continue }
        }
        rc = run_cmdline(line)
        if (EXITREQ) break
    }
    EXITREQ = 0
    return rc
}

# The host's provisioning wrapper (notes/nightly-baseline.md, "Provisioning"): its $env:NAME = '...' lines set
# the environment, $script = '...' names the script, and its "& powershell.exe ... -File $script" or
# "& cmd.exe /c $script" line runs it; "exit $LASTEXITCODE" passes the script's exit code on.
function provision_wrapper(text,    n, ln, i, l, script, run, passexit, rc, v) {
    gsub(/\r/, "", text); n = split(text, ln, "\n"); script = ""; run = ""; passexit = 0
    for (i = 2; i <= n; i++) {
        l = trim(ln[i])
        if (match(l, /^\$env:[A-Za-z_][A-Za-z0-9_]* = '.*'$/)) {
            v = substr(l, 6); sub(/ = '.*$/, "", v)
            ps_assign("env:" tolower(v), l); continue
        }
        if (l ~ /^\$script = '.*'$/) { ps_assign("script", l); script = ps_literal(substr(l, 11)); continue }
        if (tolower(l) ~ /^& powershell(\.exe)? .*-file \$script$/) { run = "ps"; continue }
        if (tolower(l) ~ /^& cmd(\.exe)? \/c \$script$/) { run = "cmd"; continue }
        if (tolower(l) == "exit $lastexitcode") passexit = 1
    }
    if (script == "" || run == "") {
        err("standin: the provisioning wrapper has no $script = '...' line or no '& powershell.exe ... -File $script' / '& cmd.exe /c $script' line")
        return 1
    }
    rc = (run == "ps") ? run_ps_file(script) : run_cmdline_child("\"" script "\"") # quoted: a path with spaces
    EXITREQ = 0
    if (passexit) return rc
    return rc == 0 ? 0 : 1 # without exit $LASTEXITCODE: -EncodedCommand ends with $? (false after a failed native command)
}

# cmd.exe /c LINE as a child process: its exit ends only it
function run_cmdline_child(line,    rc) { rc = run_cmdline(line); EXITREQ = 0; return rc }
