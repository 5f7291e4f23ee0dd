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

