#!/bin/sh
# windows-update.sh SCRIPT - the stand-in's Windows Update Agent, run for "powershell -File SCRIPT" when SCRIPT is
# the builder's Windows Update round (first line "# bake-windows-image: Windows Update round"). It reads the
# round's four parameter lines from SCRIPT, searches /etc/standin-updates (the catalogue) for what is not
# installed, drops what the filters exclude, "installs" the rest (1-2 s each) and writes the round's
# result.json, as notes/nightly-baseline.md ("Windows Update") describes. What is installed lives on C:
# (C:\Windows\standin\updates: TITLE<TAB>pending|done<TAB>BOOT-ID), so it survives reboots; an install that
# needs a reboot stays "pending" (not found again) until the next boot makes it "done".
# Like the real agent, it downloads and installs only as SYSTEM (a scheduled task): from an SSH session the
# round fails with E_ACCESSDENIED.
CROOT=${STANDIN_CROOT:-/mnt/c}
ETC=${STANDIN_ETC:-/etc} # another place only to try it out on a host
D=$CROOT/Windows/Temp/bake-windows-image/windows-update
mkdir -p "$D" "$CROOT/Windows/standin"

progress() { printf '%s %s\r\n' "$(date +%Y-%m-%dT%H:%M:%S)" "$1" >> "$D/progress.log"; }

round=$(tr -dc 0-9 2> /dev/null < "$D/rounds.txt")
round=$((${round:-0} + 1))
printf '%s\r\n' "$round" > "$D/rounds.txt"

if [ "$(cat $ETC/standin-fault 2> /dev/null)" = update-hangs ]; then
    progress "round $round: searching for updates (fault update-hangs: the search never returns)"
    sync
    while :; do sleep 3600; done
fi

tr -d '\r' < "$1" | awk -F'\t' -v round="$round" -v user="${STANDIN_USER:-}" -v dir="$D" \
    -v state="$CROOT/Windows/standin/updates" -v fault="$(cat $ETC/standin-fault 2> /dev/null)" \
    -v etc="$ETC" -v boot="$(cat /proc/sys/kernel/random/boot_id)" '
function stamp(    t) { "date +%Y-%m-%dT%H:%M:%S" | getline t; close("date +%Y-%m-%dT%H:%M:%S"); return t }
function progress(m) { printf "%s %s\r\n", stamp(), m >> (dir "/progress.log"); close(dir "/progress.log") }
# the quoted items of a "@(...)" parameter line
function items(s, arr,    n, p) {
    n = 0
    while (match(s, /'\''[^'\'']*'\''/)) { arr[++n] = substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
    return n
}
# a PowerShell -like pattern (* ? [..]) as an anchored regular expression; compared in lower case
function like_re(p,    r, i, c) {
    r = "^"; p = tolower(p)
    for (i = 1; i <= length(p); i++) {
        c = substr(p, i, 1)
        if (c == "*") r = r ".*"; else if (c == "?") r = r "."
        else if (c == "[") { r = r "["; while (++i <= length(p) && substr(p, i, 1) != "]") r = r substr(p, i, 1); r = r "]" }
        else if (index("\\^$.|+(){}", c)) r = r "\\" c
        else r = r c
    }
    return r "$"
}
function jstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function entry(i, extra) { return "{ \"kb\": " jstr(KB[i]) ", \"title\": " jstr(TI[i]) ", \"sizeBytes\": " SZ[i] extra " }" }
function jlist(arr, n,    s, i) {
    if (n == 0) return "[]"
    s = "["; for (i = 1; i <= n; i++) s = s "\n    " arr[i] (i < n ? "," : ""); return s "\n  ]"
}
function mb(b) { return sprintf("%.1f MB", b / 1048576) }
function name(i) { return (KB[i] == "" ? TI[i] : KB[i] " " TI[i]) }

# the parameters, from the round script (stdin)
/^\$excludeKbs[ \t]*=/ { nk = items($0, xkb) }
/^\$excludeTitles[ \t]*=/ { nt = items($0, xt) }
/^\$includeDrivers[ \t]*=/ { drivers = (tolower($0) ~ /\$true/) }
/^\$includePreviews[ \t]*=/ { previews = (tolower($0) ~ /\$true/) }

END {
    # the catalogue
    cat = etc "/standin-updates"; n = 0
    while ((getline line < cat) > 0) {
        if (line ~ /^#/ || line == "") continue
        split(line, f, "\t"); n++
        KB[n] = (f[1] == "-" ? "" : f[1]); TI[n] = f[2]; SZ[n] = f[3] + 0; TY[n] = f[4]; AP[n] = f[5]; RB[n] = (f[6] == "yes")
    }
    close(cat)
    # what is installed; a reboot since an install makes it done (fault update-reboot-loop: that update is
    # forgotten at every reboot, so the next search finds it again)
    ns = 0
    while ((getline line < state) > 0) {
        split(line, f, "\t")
        if (f[2] == "pending" && f[3] != boot) {
            if (fault == "update-reboot-loop" && index(line, "(KB5043080)")) continue
            f[2] = "done"
        }
        ST[f[1]] = f[2]; BT[f[1]] = f[3]; ORD[++ns] = f[1]
    }
    close(state)
    # wave 2 appears once an update of wave 1 that needed a reboot is installed and rebooted
    wave2 = 0
    for (i = 1; i <= n; i++) if (AP[i] == "1" && RB[i] && (TI[i] in ST) && ST[TI[i]] == "done") wave2 = 1

    q = "IsInstalled=0 and IsHidden=0 and Type='\''Software'\''" (drivers ? " or IsInstalled=0 and IsHidden=0 and Type='\''Driver'\''" : "")
    progress("round " round ": searching for updates (" q ")")
    system("sleep 1")
    nf = 0; ni = 0; nfail = 0; nx = 0; nsel = 0
    for (i = 1; i <= n; i++) {
        if (TI[i] in ST) continue
        if (TY[i] == "driver" && !drivers) continue
        if (AP[i] == "2" && !wave2) continue
        if (AP[i] ~ /^fault=/ && AP[i] != "fault=" fault) continue
        if (AP[i] != "1" && AP[i] != "2" && AP[i] !~ /^fault=/) continue
        nf++
        why = ""
        for (k = 1; k <= nk; k++) if (KB[i] != "" && toupper(KB[i]) == toupper(xkb[k])) why = "kb"
        for (k = 1; why == "" && k <= nt; k++) if (tolower(TI[i]) ~ like_re(xt[k])) why = "title"
        if (why == "" && !previews && TI[i] ~ /Preview/) why = "preview"
        if (why != "") { X[++nx] = entry(i, ", \"reason\": " jstr(why)); progress("excluded (" why "): " name(i)); continue }
        SEL[++nsel] = i
    }
    progress("found " nf " update(s): " nsel " to install, " nx " excluded")
    err = "null"; rc = 0
    if (nsel > 0 && user != "SYSTEM") {
        # IUpdateDownloader.Download from a remote session
        m = "0x80070005 (E_ACCESSDENIED): the Windows Update Agent does not download or install from a remote session"
        progress("error: " m)
        err = jstr(m); rc = 1
    } else {
        for (s = 1; s <= nsel; s++) {
            i = SEL[s]
            progress("downloading " s " of " nsel ": " name(i) " (" mb(SZ[i]) ")")
            system("sleep 1")
            progress("installing " s " of " nsel ": " name(i))
            system("sleep 1")
            if (fault == "update-fails" && round == 1 && AP[i] == "fault=update-fails") {
                FL[++nfail] = entry(i, ", \"result\": \"failed\", \"hresult\": \"0x80070643\"")
                progress("failed: " name(i) ": 0x80070643")
                continue
            }
            IN[++ni] = entry(i, ", \"result\": \"succeeded\", \"hresult\": \"0x00000000\"")
            ST[TI[i]] = RB[i] ? "pending" : "done"; BT[TI[i]] = boot; ORD[++ns] = TI[i]
            progress("installed: " name(i) (RB[i] ? " (a restart is required)" : ""))
        }
    }
    reboot = "false"
    printf "" > (state ".tmp")
    for (k = 1; k <= ns; k++) {
        t = ORD[k]; if (!(t in ST) || (t in W)) continue
        W[t] = 1; printf "%s\t%s\t%s\n", t, ST[t], BT[t] >> (state ".tmp")
        if (ST[t] == "pending") reboot = "true"
    }
    close(state ".tmp"); system("mv -f '\''" state ".tmp'\'' '\''" state "'\''")
    remaining = nsel - ni - nfail
    progress("round " round " done: " ni " installed, " nfail " failed" (reboot == "true" ? ", a restart is required" : ""))
    r = dir "/result.json.tmp"
    printf "{\n  \"round\": %d,\n  \"installed\": %s,\n  \"failed\": %s,\n  \"excluded\": %s,\n  \"rebootRequired\": %s,\n  \"remaining\": %d,\n  \"error\": %s\n}\n", \
        round, jlist(IN, ni), jlist(FL, nfail), jlist(X, nx), reboot, remaining, err > r
    close(r)
    system("mv -f '\''" r "'\'' '\''" dir "/result.json'\''; sync")
    exit rc
}'
