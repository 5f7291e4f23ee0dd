#!/bin/sh
# first-logon.sh - sourced by installed.sh: the emulated steps of first-logon.ps1 (see README.md, 5.-6.).

# ---- first logon: FirstLogonCommands (only the AUTOUNATTEND first-logon.ps1 one is emulated) ----
# A progress line of first-logon.ps1's Write-Log: to COM1 with the prefix, and to its log file as
# "yyyy-MM-ddTHH:mm:ss MESSAGE" + CRLF (Add-Content; the host reads it over SSH with Get-Content).
FL_LOG=$W/Temp/bake-windows-image-first-logon.log
fl_log() { # fl_log MESSAGE
    echo "bake-windows-image: first-logon: $1"
    mkdir -p "$W/Temp"
    printf '%s %s\r\n' "$(date +%Y-%m-%dT%H:%M:%S)" "$1" >> "$FL_LOG"
}
# A failed step as the script reports it before it stops (exit 1): no later step, no marker, no ready line.
fl_fail() { # fl_fail STEP MESSAGE
    fl_log "step '$1' FAILED: $2"
    echo "bake-windows-image: guest failed: $1: $2"
    sync
}

# The work of one step that the stand-in emulates, as Windows would meet it; other steps do nothing here.
fl_step() { # fl_step STEP VOLUME_LABEL MOUNT_NAME
    cdl=$2
    l=$3
    case "$1" in
    'install OpenSSH Server')
        # The last openssh\OpenSSH-Win64*.msi on the answer medium (by its Joliet name), if it is a real Windows
        # Installer package (an OLE compound file).
        d=$(ci_entry "/mnt/$l" openssh)
        msi=""
        [ -n "$d" ] && msi=$(ls "/mnt/$l/$d" | grep -i '^openssh-win64.*\.msi$' | sort | tail -n 1)
        [ -z "$msi" ] && return 0
        if [ "$(head -c 8 "/mnt/$l/$d/$msi" | od -An -tx1 | tr -d ' \n')" != d0cf11e0a1b11ae1 ]; then
            fl_fail "$1" "$cdl:\\$d\\$msi is not a Windows Installer package"
            return 1
        fi
        fl_log "installing $cdl:\\$d\\$msi from the answer medium (stand-in: msiexec emulated)"
        ;;
    'start sshd')
        # Start-Service's error when the service cannot start.
        if [ "$(fault)" = sshd-fails ]; then
            fl_fail "$1" "Service 'OpenSSH SSH Server (sshd)' cannot be started due to the following error: Cannot start service sshd on computer '.'."
            return 1
        fi
        ;;
    'virtio-win guest tools')
        # The installer on the CD labelled virtio-win* fails (1603: fatal error during installation).
        [ "$(fault)" = guest-tools-fail ] || return 0
        vl=$(awk '$3 ~ /^virtio-win/ { print $1; exit }' "$RUN/cds")
        gt=""
        [ -n "$vl" ] && gt=$(ci_entry "/mnt/$(lower "$vl")" virtio-win-guest-tools.exe)
        if [ -n "$gt" ]; then
            fl_fail "$1" "$vl:\\virtio-win-guest-tools.exe exited with code 1603"
            return 1
        fi
        log "fault guest-tools-fail: no virtio-win-guest-tools.exe on a CD labelled virtio-win*, nothing to fail"
        ;;
    'no recovery partition after C:')
        recovery_after_c || return 1
        ;;
    esac
    return 0
}

run_first_logon_script() { # run_first_logon_script COMMANDLINE
    cdl=$(awk '$3 == "AUTOUNATTEND" { print $1; exit }' "$RUN/cds")
    if [ -z "$cdl" ]; then log "first logon: no volume labelled AUTOUNATTEND"; return 1; fi
    l=$(lower "$cdl")
    f=$(ci_entry "/mnt/$l" first-logon.ps1)
    if [ -z "$f" ]; then log "first logon: $cdl:\\first-logon.ps1 does not exist"; return 1; fi
    case "$(computer_edition)" in
    client)
        # Client Windows: execution policy Restricted unless the command line bypasses it.
        if ! printf '%s' "$1" | tr A-Z a-z | grep -q -E -e '-(ex|ep|executionpolicy)[a-z]* +"?(bypass|unrestricted|remotesigned)' -e 'invoke-expression|iex'; then
            echo "File $cdl:\\$f cannot be loaded because running scripts is disabled on this system."
            log "first logon: (add -ExecutionPolicy Bypass to the powershell command line)"
            return 1
        fi
        ;;
    esac
    log "first logon: running $cdl:\\$f"
    # The script's steps (its Invoke-Step lines), in its order, each with its "started" and "ok" lines as
    # Invoke-Step writes them; those the stand-in emulates do their work between; the first that fails stops
    # the script.
    sed -n "s/^Invoke-Step '\\(.*\\)' {.*/\\1/p" "/mnt/$l/$f" | tr -d '\r' > "$RUN/first-logon-steps"
    while IFS= read -r step; do
        fl_log "step '$step' started"
        fl_step "$step" "$cdl" "$l" || return 1
        fl_log "step '$step' ok"
    done < "$RUN/first-logon-steps"
    if [ "$(fault)" = never-ready ]; then
        log "first logon: fault never-ready: the script never finishes"
        return 0
    fi
    WIN_MODE=script WIN_SCRIPT="/mnt/$l/$f" awk -f "$SD/win.awk" 2>&1 | sed 's/^/standin: first-logon.ps1: /'
}

# 'no recovery partition after C:', by the script's rules: recovery partitions (GPT type DE94BBA4-…, MBR 0x27)
# after C: go (sfdisk), then C: grows to the end of the free space, aligned down to 1 MiB, unless it is within
# 1 MiB of that already; reagentc /enable runs whatever happened before it (the script's finally). Only the
# partition entry grows: busybox cannot grow FAT32, so C:'s file system keeps its size. Fault reagentc-fails:
# reagentc /disable fails (exit code 3) and nothing is removed.
REC_GPT=DE94BBA4-06D1-4D40-A16A-BFD50179D6AC
recovery_after_c() {
    dev=/dev/$CDISK
    cn=${CPART#"$CDISK"}
    cn=${cn#p}
    # "NUMBER START SIZE TYPE" of each partition (sectors of 512 bytes)
    sfdisk -d "$dev" 2> /dev/null | sed -n 's|^/dev/[a-z0-9]*[a-z]p\{0,1\}\([0-9][0-9]*\) : start= *\([0-9]*\), size= *\([0-9]*\), type=\([0-9A-Fa-f-]*\).*|\1 \2 \3 \4|p' > "$RUN/partitions"
    cstart=$(awk -v n="$cn" '$1 == n { print $2 }' "$RUN/partitions")
    rec=$(awk -v s="$cstart" -v g="$REC_GPT" '(toupper($4) == g || $4 == "27") && $2 > s { print $1 }' "$RUN/partitions")
    if [ -z "$rec" ]; then
        fl_log 'there is no recovery partition after C:'
        return 0
    fi
    if [ "$(fault)" = reagentc-fails ]; then
        fl_log 'reagentc.exe /enable: WinRE is enabled'
        fl_fail 'no recovery partition after C:' 'reagentc.exe /disable exited with 3: REAGENTC.EXE: Unable to update Boot Configuration Data.'
        return 1
    fi
    for n in $rec; do
        size=$(awk -v n="$n" '$1 == n { print $3 }' "$RUN/partitions")
        sfdisk -q --no-reread --force --delete "$dev" "$n" > /dev/null 2>&1
        fl_log "removed the recovery partition $n ($((size / 2048)) MiB)"
    done
    # The end of the free space after C: the next partition's start, else the disk's last usable sector.
    csize=$(awk -v n="$cn" '$1 == n { print $3 }' "$RUN/partitions")
    next=$(awk -v s="$cstart" -v r=" $rec " '$2 > s && index(r, " " $1 " ") == 0 { print $2 }' "$RUN/partitions" | sort -n | head -n 1)
    if [ -z "$next" ]; then
        total=$(cat "/sys/block/$CDISK/size")
        if sfdisk -d "$dev" 2> /dev/null | grep -q '^label: gpt'; then next=$((total - 33)); else next=$total; fi
    fi
    end=$(( (next / 2048) * 2048 ))
    if [ $((end - cstart - csize)) -lt 2048 ]; then
        fl_log 'C: is at its largest size already'
    else
        echo "start=$cstart, size=$((end - cstart))" | sfdisk -q --no-reread --force -N "$cn" "$dev" > /dev/null 2>&1
        fl_log "C: grown to $(( (end - cstart) / 2048 )) MiB"
    fi
    sync
    fl_log 'reagentc.exe /enable: WinRE is enabled'
}
