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

