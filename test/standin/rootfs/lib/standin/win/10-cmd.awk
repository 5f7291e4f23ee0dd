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
    if (w ~ /\.(cmd|bat)$/) return run_batch(w0)
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
    if (w == "schtasks") return do_schtasks(rest)
    if (w == "dism") return do_dism(rest)
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

