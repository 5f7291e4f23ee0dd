# ---------------------------------------------------------------- whoami, sysprep.exe, the builder's file upload
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

