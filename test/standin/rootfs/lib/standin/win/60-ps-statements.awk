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
function ps_split(text, arr,    n, i, ch, q, cur, L, e, ln) {
    n = 0; cur = ""; q = ""; L = length(text); ln = 1; PS_LINE[1] = 1
    for (i = 1; i <= L; i++) {
        ch = substr(text, i, 1)
        if (ch == "\n") ln++
        if (q == "" && trim(cur) == "" && ch != " " && ch != "\t" && ch != "\n") PS_LINE[n + 1] = ln # where statement n+1 starts
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
    if (u in PSENV) return PSENV[u]
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
    REFUSED = 1
    return 1
}

function ps_stmt(s,    n, c, lit, lit2, p, lp, v, i, rc, T, f) {
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
        if (c ~ /^env:/ || c ~ /^(erroractionpreference|progresspreference|verbosepreference|warningpreference|confirmpreference|informationpreference)$/) return ps_assign(c, s)
        if (LENIENT) { SKIPPED++; return 0 }
        return unsupported("$" c)
    }
    n = ps_tokens(s)
    c = tolower(TOK[1])
    for (i = 2; i <= n; i++) if (!TQ[i] && TOK[i] == "|") {
        if (LENIENT) { SKIPPED++; return 0 }
        err("standin: pipelines are not in the stand-in's PowerShell subset: " s); REFUSED = 1; return 1
    }
    # variables and sub-expressions are not evaluated: such a statement is skipped (script) or refused (SSH)
    if ((c == "set-content" || c == "add-content" || c == "out-file" || c == "new-item" || c ~ /^write-/ || c == "echo") && has_expr(n)) {
        if (LENIENT) { SKIPPED++; return 0 }
        err("standin: variables and expressions are not in the stand-in's PowerShell subset: " s); REFUSED = 1; return 1
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
        else {
            gsub(/\r/, "", v); sub(/\n$/, "", v)
            # -Tail N: the last N lines only
            if ("tail" in P && P["tail"] ~ /^[0-9]+$/ && v != "") {
                c = split(v, T, "\n"); f = c - P["tail"] + 1; if (f < 1) f = 1
                v = T[f]; for (i = f + 1; i <= c; i++) v = v "\n" T[i]
            }
            if (v != "") { gsub(/\n/, NL, v); out(v) }
        }
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
    if (c == "write-error" || c == "throw") return ps_error(c, n, s)
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
