# shellcheck shell=bash
# smoke-updates.sh - the Windows Update cases of smoke.sh (sourced by it): rounds driven the way the builder drives
# them (notes/nightly-baseline.md, "Windows Update"): the round script written over SSH, a scheduled task as
# SYSTEM, result.json polled, a reboot between rounds. Cases: updates, fault-update-fails,
# fault-update-reboot-loop, fault-update-hangs.

WU_DIR='C:\Windows\Temp\bake-windows-image'
WU_TASK=bake-windows-image-update
WU_SCRIPT=$'# bake-windows-image: Windows Update round\r\n$ErrorActionPreference = \'Stop\'\r\n'\
$'$excludeKbs = @(\'KB5034441\', \'KB890830\')\r\n$excludeTitles = @(\'*Silverlight*\')\r\n'\
$'$includeDrivers = $false\r\n$includePreviews = $false\r\n# (the search, download and install: not interpreted by the stand-in)\r\n'

wu_ps() { ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "$1")"; }

# wu_boot [FAULT]: install the BIOS guest from the (fault) media and wait for SSH after the ready line
wu_boot() {
    build "${1:-}"
    W=$DIR/$CASE
    rm -rf "$W"
    SENDKEY=1 start_vm "$W" bios "$MEDIA/standin-installer${1:+-$1}.iso" "$(answer_iso "$CASE" "$(bios_xml)")"
    STOP_ON_STUCK=1 SENDKEY=1 watch_until "$W" 240 "$MARKER" || { fail "no '$MARKER' in serial.log"; return 1; }
    ssh_until 60 "$USER_PW" hostname > /dev/null || { fail "no SSH login"; return 1; }
    # the round script, through the builder's upload (base64 on stdin)
    printf '%s' "$WU_SCRIPT" | base64 -w0 | wu_ps $'# bake-windows-image: write a file from stdin\r\n$path = \''"$WU_DIR"$'\\windows-update.ps1\'' ||
        { fail "could not write windows-update.ps1"; return 1; }
}

# wu_round: one round as the builder runs it; RESULT = result.json, T_ROUND = seconds it took
wu_round() {
    local out t0 deadline
    t0=$(now)
    out=$(ssh_run "$USER_PW" "schtasks /Create /F /TN $WU_TASK /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR \"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $WU_DIR\\windows-update.ps1\"" 2>&1 | tr -d '\r')
    [[ "$out" == *"SUCCESS: The scheduled task \"$WU_TASK\" has successfully been created."* ]] || { fail "schtasks /Create: '$out'"; return 1; }
    wu_ps "Remove-Item -LiteralPath '$WU_DIR\\windows-update\\result.json' -ErrorAction SilentlyContinue" || { fail "Remove-Item result.json"; return 1; }
    out=$(ssh_run "$USER_PW" "schtasks /Run /TN $WU_TASK" | tr -d '\r')
    [ "$out" = "SUCCESS: Attempted to run the scheduled task \"$WU_TASK\"." ] || { fail "schtasks /Run: '$out'"; return 1; }
    deadline=$(($(date +%s) + ${WU_WAIT:-120}))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        out=$(wu_ps "Test-Path -LiteralPath '$WU_DIR\\windows-update\\result.json'" | tr -d '\r\n')
        [ "$out" = True ] && break
        sleep 1
    done
    [ "$out" = True ] || { fail "no result.json after ${WU_WAIT:-120} s"; return 1; }
    RESULT=$(wu_ps "Get-Content -Raw -LiteralPath '$WU_DIR\\windows-update\\result.json'" | tr -d '\r')
    T_ROUND=$(since "$t0")
    # the task ends with the round: its status goes back to Ready
    deadline=$(($(date +%s) + 10))
    until [[ "$(ssh_run "$USER_PW" "schtasks /Query /TN $WU_TASK" | tr -d '\r')" == *" N/A "*"Ready"* ]]; do
        [ "$(date +%s)" -lt "$deadline" ] || { fail "schtasks /Query does not show the task Ready after the round"; return 1; }
        sleep 1
    done
    log "  round: $(printf '%s' "$RESULT" | tr -d '\n' | tr -s ' ') (${T_ROUND}s)"
    out=$(ssh_run "$USER_PW" "schtasks /Delete /F /TN $WU_TASK" | tr -d '\r')
    [ "$out" = "SUCCESS: The scheduled task \"$WU_TASK\" was successfully deleted." ] || { fail "schtasks /Delete: '$out'"; return 1; }
}

# wu_check PYTHON-EXPRESSION: about r = RESULT parsed
wu_check() {
    RESULT=$RESULT python3 -c 'import json, os, sys
r = json.loads(os.environ["RESULT"])
kbs = lambda l: sorted(u["kb"] for u in r[l])
sys.exit(0 if ('"$1"') else 1)' || { fail "result.json is not as expected ($1): $RESULT"; return 1; }
}

# wu_reboot: shutdown /r as the builder does, then the next boot's SSH login
wu_reboot() {
    local n
    n=$(grep -a -c 'standin: Windows is running' "$W/serial.log" || true)
    ssh_run "$USER_PW" "shutdown /r /t 0 /f" > /dev/null 2>&1 || true
    local deadline=$(($(date +%s) + 180))
    while [ "$(grep -a -c 'standin: Windows is running' "$W/serial.log" || true)" -le "$n" ]; do
        [ "$(date +%s)" -lt "$deadline" ] && kill -0 "$QPID" 2> /dev/null || { fail "no reboot into Windows"; return 1; }
        sleep 1
    done
    ssh_until 60 "$USER_PW" hostname > /dev/null || { fail "no SSH after the reboot"; return 1; }
}

case_updates() {
    local out rc t1 t2 t3
    wu_boot || return
    # over SSH (not as SYSTEM) the agent refuses to download: E_ACCESSDENIED in result.json, exit 1
    rc=0
    ssh_run "$USER_PW" "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $WU_DIR\\windows-update.ps1" > /dev/null 2>&1 || rc=$?
    [ $rc = 1 ] || { fail "a direct run over SSH exited $rc, not 1"; return; }
    RESULT=$(wu_ps "Get-Content -Raw -LiteralPath '$WU_DIR\\windows-update\\result.json'" | tr -d '\r')
    wu_check 'r["error"].startswith("0x80070005 (E_ACCESSDENIED)") and r["installed"] == [] and r["remaining"] == 1' || return
    wu_ps "Remove-Item -LiteralPath '$WU_DIR\\windows-update' -Recurse -Force" || { fail "Remove-Item windows-update"; return; }

    wu_round || return
    t1=$T_ROUND
    wu_check 'r["round"] == 1 and kbs("installed") == ["KB5048667"] and r["failed"] == [] and r["rebootRequired"] is True and r["remaining"] == 0 and r["error"] is None and sorted((u["kb"], u["reason"]) for u in r["excluded"]) == [("KB5049624", "preview"), ("KB890830", "kb")]' || return
    out=$(wu_ps "Get-Content -LiteralPath '$WU_DIR\\windows-update\\progress.log'" | tr -d '\r')
    [[ "$out" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\ round\ 1:\ searching\ for\ updates ]] &&
        [[ "$out" == *"installed: KB5048667 "*"round 1 done: 1 installed, 0 failed, a restart is required"* ]] || { fail "progress.log: '$out'"; return; }
    wu_reboot || return
    wu_round || return
    t2=$T_ROUND
    wu_check 'r["round"] == 2 and kbs("installed") == ["KB5050187"] and r["rebootRequired"] is True and r["remaining"] == 0' || return
    wu_reboot || return
    wu_round || return
    t3=$T_ROUND
    wu_check 'r["round"] == 3 and r["installed"] == [] and r["failed"] == [] and r["rebootRequired"] is False and r["remaining"] == 0 and r["error"] is None' || return
    rc=0
    out=$(ssh_run "$USER_PW" "schtasks /Query /TN $WU_TASK" 2>&1) || rc=$?
    [ $rc = 1 ] && [[ "$out" == *"ERROR: The system cannot find the file specified."* ]] || { fail "schtasks /Query of the deleted task: rc $rc, '$out'"; return; }
    out=$(ssh_run "$USER_PW" "Dism.exe /Online /Cleanup-Image /StartComponentCleanup /ResetBase" | tr -d '\r') || { fail "DISM failed: '$out'"; return; }
    [[ "$out" == *"Deployment Image Servicing and Management tool"*"The operation completed successfully."* ]] || { fail "DISM printed '$out'"; return; }
    grep -a -q 'standin: dism: component store cleanup (ResetBase: yes)' "$W/serial.log" || { fail "no dism line on COM1"; return; }
    rc=0
    ssh_run "$USER_PW" "dism /Online /Get-Packages" > /dev/null 2>&1 || rc=$?
    [ $rc = 87 ] || { fail "dism /Get-Packages exited $rc, not 87"; return; }
    stop_vm
    pass "direct run: E_ACCESSDENIED; round 1 KB5048667 (${t1}s), reboot, round 2 KB5050187 (${t2}s), reboot, round 3 nothing (${t3}s); DISM"
}

case_update_fault() { # case_update_fault NAME
    local out n
    wu_boot "$1" || return
    case $1 in
    update-fails)
        wu_round || return
        wu_check 'r["round"] == 1 and kbs("installed") == ["KB5048667"] and [(u["kb"], u["result"], u["hresult"]) for u in r["failed"]] == [("KB5048685", "failed", "0x80070643")]' || return
        stop_vm
        pass "round 1: KB5048667 installed, KB5048685 failed with 0x80070643"
        ;;
    update-reboot-loop)
        for n in 1 2 3; do
            wu_round || return
            wu_check 'r["round"] == '$n' and "KB5043080" in kbs("installed") and r["rebootRequired"] is True' || return
            wu_reboot || return
        done
        stop_vm
        pass "KB5043080 installed again in rounds 1, 2 and 3, always needing a restart"
        ;;
    update-hangs)
        ssh_run "$USER_PW" "schtasks /Create /F /TN $WU_TASK /RU SYSTEM /RL HIGHEST /SC ONCE /ST 00:00 /TR \"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $WU_DIR\\windows-update.ps1\"" > /dev/null 2>&1 ||
            { fail "schtasks /Create"; return; }
        ssh_run "$USER_PW" "schtasks /Run /TN $WU_TASK" > /dev/null || { fail "schtasks /Run"; return; }
        sleep 15
        out=$(wu_ps "Get-Content -LiteralPath '$WU_DIR\\windows-update\\progress.log'; Test-Path -LiteralPath '$WU_DIR\\windows-update\\result.json'" | tr -d '\r')
        [[ "$out" =~ ^[0-9T:-]+\ round\ 1:\ searching\ for\ updates[^$'\n']*$'\n'False$ ]] || { fail "progress.log / result.json: '$out'"; return; }
        out=$(ssh_run "$USER_PW" "schtasks /Query /TN $WU_TASK" | tr -d '\r')
        [[ "$out" == *"$WU_TASK"*" N/A "*"Running"* ]] || { fail "schtasks /Query: '$out'"; return; }
        stop_vm
        pass "one progress line, no result.json 15 s later, the task still Running"
        ;;
    esac
}
