#!/bin/sh
# installed.sh - the stand-in booted from the disk: "specialize", "oobe", "first logon", then a
# running system with an SSH server whose login shell speaks a small subset of cmd/PowerShell.
. /lib/standin/common.sh

SHELLSETUP=component@Microsoft-Windows-Shell-Setup
FW=$(firmware)

show_page "Windows" "Starting Windows"
log "Windows is starting (from disk, firmware: $FW)"
log_secure_boot
power_button_watch
modload ahci sr_mod isofs nls_utf8 nls_cp437 nls_iso8859_1 nls_ascii vfat crct10dif_generic crc64_rocksoft_generic sd_mod \
    virtio_pci virtio_scsi virtio_blk

# ---- C: is the partition holding \Windows\standin\state ----
find_c() {
    for d in $(disk_list); do
        for p in /sys/block/$d/$d*; do
            [ -e "$p/partition" ] || continue
            mount -t vfat "/dev/${p##*/}" /mnt/c 2>/dev/null || continue
            [ -f /mnt/c/Windows/standin/state ] && CDISK=$d CPART=${p##*/} && return 0
            umount /mnt/c
        done
    done
    return 1
}
mkdir -p /mnt/c
wait_for 10 find_c || hang "STOP: INACCESSIBLE_BOOT_DEVICE (no partition holds the installed system)"
W=/mnt/c/Windows
S=$W/standin
mount_cds /mnt
mkdir -p "$W/Temp"
# SFTP paths in Win32-OpenSSH's form: /C:/Windows/... and /D:/... are bind mounts of C: and the CDs (not
# symlinks, so sftp-server's realpath answers /C:/... too)
drive_mounts() {
    mkdir -p /C: && mount --bind /mnt/c /C:
    for L in $(cd_letters); do
        l=$(echo "$L" | tr A-Z a-z)
        mountpoint -q "/mnt/$l" && mkdir -p "/$L:" && mount --bind "/mnt/$l" "/$L:"
    done
}
drive_mounts

# ---- TRIM of C: (Optimize-Volume -ReTrim, defrag /L in win.awk read $RUN/trim) ----
# Current Windows 11 with vioscsi fails every retrim with "Incorrect function" unless the disk reports a
# discard granularity (QEMU scsi-hd discard_granularity=65536; its default is 4096); viostor (virtio-blk) is
# not affected (virtio-win/kvm-guest-drivers-windows issue 1574). Fault trim-unsupported: no discard at all.
trim_check() {
    q=/sys/block/$CDISK/queue
    gran=$(cat "$q/discard_granularity" 2>/dev/null)
    bus=other
    case "$CDISK" in
    vd*) bus=virtio-blk ;;
    sd*) readlink -f "/sys/block/$CDISK/device" | grep -q /virtio && bus=virtio-scsi ;;
    esac
    if [ "$(fault)" = trim-unsupported ]; then
        t=unsupported why="fault trim-unsupported: the storage cannot discard"
    elif [ "$(cat "$q/discard_max_bytes" 2>/dev/null)" = 0 ]; then
        t=unsupported why="the disk cannot discard"
    elif [ "$bus" = virtio-scsi ] && [ "$gran" != 65536 ]; then
        t=incorrect-function why="vioscsi needs discard_granularity=65536"
    else
        t=ok why="fstrim"
    fi
    echo "$t" > "$RUN/trim"
    # C:'s label for defrag's output: the FAT32 boot sector's volume label (offset 71, 11 bytes)
    dd if="/dev/$CPART" bs=1 skip=71 count=11 2>/dev/null | tr -d '\000' | sed 's/ *$//; /^NO NAME$/d' > "$RUN/clabel"
    log "storage: C: on $CDISK ($bus, discard granularity ${gran:-?} bytes): retrim $t ($why)"
}
trim_check
ANS=$W/Panther/unattend.xml
[ -f "$ANS" ] && xml_load "$ANS" || : > "$ANSWER_FLAT"
state=$(cat "$S/state")

# ---- helpers for the running system ----
computer_name() { cat "$S/computername" 2>/dev/null || echo WIN-STANDIN; }

write_env() {
    {
        echo "STANDIN_HOST='$(computer_name)'"
        echo "STANDIN_CROOT=/mnt/c"
    } > "$RUN/env"
}

# /etc/passwd and /etc/shadow from C:\Windows\standin\accounts ("NAME<TAB>CRYPT-HASH" lines). The
# accounts are uid 0 (Windows administrators) with /bin/winsh as their login shell.
write_accounts() {
    echo "root:x:0:0:root:/root:/bin/sh" > /etc/passwd
    echo "root:!:19000:0:99999:7:::" > /etc/shadow
    [ -f "$S/accounts" ] || return 0
    while IFS='	' read -r name hash; do
        mkdir -p "/mnt/c/Users/$name"
        echo "$name:x:0:0:$name:/mnt/c/Users/$name:/bin/winsh" >> /etc/passwd
        echo "$name:$hash:19000:0:99999:7:::" >> /etc/shadow
    done < "$S/accounts"
    chmod 600 /etc/shadow
}

net_up() {
    modload virtio_pci virtio_net
    wait_for 5 [ -e /sys/class/net/eth0 ] || { log "warning: no network adapter"; return 1; }
    ip link set lo up
    ip link set eth0 up
    udhcpc -i eth0 -s "$SD/udhcpc.sh" -q -n -t 10 -T 1 > /dev/null 2>&1 || { log "warning: no DHCP lease"; return 1; }
    log "network: eth0 $(ip -4 -o addr show eth0 | awk '{ print $4 }')"
}

sshd_start() {
    case "$(fault)" in
    sshd-fails) log "sshd: the service cannot start (fault sshd-fails)"; return 0 ;;
    ssh-never) log "fault ssh-never: sshd does not listen on port 22"; return 0 ;;
    esac
    k=/mnt/c/ProgramData/ssh
    mkdir -p "$k/logs"
    [ -s "$k/ssh_host_ed25519_key" ] || dropbearkey -t ed25519 -f "$k/ssh_host_ed25519_key" > /dev/null 2>&1
    [ -s "$k/ssh_host_ecdsa_key" ] || dropbearkey -t ecdsa -s 256 -f "$k/ssh_host_ecdsa_key" > /dev/null 2>&1
    mkdir -p "$RUN/exit" # Windows exit codes > 255 through SSH: see preload/exit-status.c
    LD_PRELOAD=/lib/standin-exit-status.so dropbear -E -p 22 -r "$k/ssh_host_ed25519_key" -r "$k/ssh_host_ecdsa_key" -P /run/dropbear.pid -j -k \
        2>> "$k/logs/sshd.log"
    : > "$S/sshd-service" # an installed service: it starts at every boot, signed in or not (and after sysprep)
    log "sshd: listening on port 22"
}

apply_computer_name() { hostname "$(computer_name)"; write_env; }

# ---- specialize ----
do_specialize() {
    show_page "Getting ready" "Getting devices ready" "Don't turn off your PC"
    log "specialize"
    panther "$W/Panther/setupact.log" "specialize: applying the answer file's specialize settings"
    name=$(xget "settings@specialize/$SHELLSETUP/ComputerName")
    if [ -z "$name" ] || [ "$name" = "*" ]; then
        name=WIN-$(tr -dc 'A-Z0-9' < /dev/urandom | head -c 11)
    fi
    bad=$(printf '%s' "$name" | tr -d 'A-Za-z0-9-')
    if [ ${#name} -gt 15 ] || [ -n "$bad" ] || [ -z "$(printf '%s' "$name" | tr -d '0-9')" ]; then
        hang "Windows could not parse or process the unattend answer file for pass [specialize]. The settings specified in the answer file cannot be applied." \
            "The error was detected while processing settings for component [Microsoft-Windows-Shell-Setup]." \
            "standin: (ComputerName '$name': at most 15 letters, digits or hyphens, not only digits)"
    fi
    echo "$name" > "$S/computername"
    log "specialize: computer name $name"
    # The machine SID is made here, once per installation (and again after sysprep /generalize).
    sid="S-1-5-21-$(od -An -tu4 -N12 /dev/urandom | awk '{ print $1 "-" $2 "-" $3 }')"
    echo "$sid" > "$W/System32/config/standin-sid"
    log "specialize: machine SID $sid"
    # RunSynchronous, in document order: reg add runs (win.awk's reg, on the file-backed registry).
    for g in $(xgroups "settings@specialize/component@Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand"); do
        p=$(xsub "$g" Path)
        case "$(lower "$p")" in
        "reg add "* | "reg.exe add "*)
            if WIN_MODE=cmdline WIN_CMD="$p" awk -f "$SD/win.awk" > /dev/null 2> "$RUN/reg.err"; then
                log "specialize: RunSynchronous: $p"
            else
                log "specialize: RunSynchronous failed: $p: $(tr -d '\r' < "$RUN/reg.err" | head -n 1)"
            fi
            ;;
        *) log "specialize: RunSynchronous not emulated: $p" ;;
        esac
    done
    echo oobe > "$S/state"
    power reboot "reboot 2"
}

# ---- oobe: accounts and automatic logon ----
do_oobe() {
    show_page "Welcome" "Just a moment..." "Setting up accounts"
    log "oobe"
    panther "$W/Panther/UnattendGC/setupact.log" "oobeSystem: applying the answer file's oobeSystem settings"
    O="settings@oobeSystem/$SHELLSETUP"
    : > "$S/accounts.new"
    # After sysprep the local accounts are still there, with their passwords (no plain text known here).
    [ -f "$S/generalized" ] && [ -f "$S/accounts" ] && awk -F'\t' '{ print $1 "\t" $2 "\t" }' "$S/accounts" > "$S/accounts.new"
    for g in $(xgroups "$O/UserAccounts/LocalAccounts/LocalAccount"); do
        name=$(xsub "$g" Name)
        pw=$(password_of "$g" Password)
        bad=$(printf '%s' "$name" | tr -d '"/\\[]:;|=,+*?<>@')
        if [ -z "$name" ] || [ "$bad" != "$name" ] || [ ${#name} -gt 20 ]; then
            hang "Windows could not complete the installation. The user name '$name' is not valid" \
                "standin: (at most 20 characters, none of \" / \\ [ ] : ; | = , + * ? < > @)"
        fi
        [ "$(fault)" = wrong-account ] && pw="$pw-not-the-answer-file-password" && log "fault wrong-account: $name gets another password"
        awk -F'\t' -v u="$name" 'tolower($1) != tolower(u)' "$S/accounts.new" > "$S/accounts.tmp"
        mv "$S/accounts.tmp" "$S/accounts.new"
        printf '%s\t%s\t%s\n' "$name" "$(mkpasswd -m sha512 -- "$pw" < /dev/null)" "$pw" >> "$S/accounts.new"
        log "oobe: created local account $name (group $(xsub "$g" Group))"
    done
    [ -s "$S/accounts.new" ] || hang "OOBE: 'Who's going to use this device?' is waiting for input (no UserAccounts/LocalAccounts/LocalAccount)."
    al=$(xgroups "$O/AutoLogon")
    if [ -z "$al" ] || ! is_true "$(xsub "$al" Enabled)"; then
        cut -f1,2 "$S/accounts.new" > "$S/accounts"
        rm -f "$S/accounts.new" "$S/generalized"
        echo "done" > "$S/state"
        write_accounts
        run_setup_complete
        sync
        [ -f "$S/sshd-service" ] || hang "OOBE complete; Windows shows the sign-in screen (no AutoLogon, so nobody signs in and FirstLogonCommands never run)."
        log "OOBE complete; Windows shows the sign-in screen (no AutoLogon: nobody signs in, FirstLogonCommands never run; services start)"
        net_up
        sshd_start
        log "Windows is running"
        while :; do sleep 3600; done
    fi
    user=$(xsub "$al" Username)
    pw=$(password_of "$al" Password)
    line=$(awk -F'\t' -v u="$user" 'tolower($1) == tolower(u)' "$S/accounts.new")
    if [ -z "$line" ]; then
        cut -f1,2 "$S/accounts.new" > "$S/accounts"
        echo "done" > "$S/state"
        hang "The user name or password is incorrect. (AutoLogon user '$user' does not exist; Windows waits at the sign-in screen)"
    fi
    known=$(printf '%s' "$line" | cut -f3-)
    if [ -z "$known" ]; then # an account kept through sysprep: check the password against its hash
        hash=$(printf '%s' "$line" | cut -f2)
        [ "$(mkpasswd -m sha512 -S "$(echo "$hash" | cut -d'$' -f3)" -- "$pw" < /dev/null)" = "$hash" ] && known=$pw
    fi
    if [ "$(fault)" != wrong-account ] && [ "$known" != "$pw" ]; then
        cut -f1,2 "$S/accounts.new" > "$S/accounts"
        echo "done" > "$S/state"
        hang "The user name or password is incorrect. (AutoLogon password for '$user' differs from the account's; Windows waits at the sign-in screen)"
    fi
    cut -f1,2 "$S/accounts.new" > "$S/accounts"
    rm -f "$S/accounts.new" "$S/generalized"
    printf '%s\n' "$(printf '%s' "$line" | cut -f1)" > "$S/autologon"
    echo firstlogon > "$S/state"
    write_accounts
    run_setup_complete
    sync
}

# SetupComplete.cmd (C:\Windows\Setup\Scripts): Setup runs it as SYSTEM at the end of OOBE, before anyone signs
# in. Each command line goes through win.awk like cmd.exe would run it; @echo, rem and :: lines are skipped.
run_setup_complete() {
    f=$W/Setup/Scripts/SetupComplete.cmd
    [ -f "$f" ] || return 0
    log "setupcomplete: running C:\\Windows\\Setup\\Scripts\\SetupComplete.cmd"
    tr -d '\r' < "$f" | while IFS= read -r line; do
        case "$(lower "$line")" in '' | @echo* | rem | rem\ * | ::*) continue ;; esac
        STANDIN_USER=SYSTEM STANDIN_HOST=$(computer_name) STANDIN_CROOT=/mnt/c WIN_MODE=cmdline WIN_CMD=$line \
            awk -f "$SD/win.awk" < /dev/null 2>&1 | sed 's/^/standin: SetupComplete.cmd: /'
    done
    log "setupcomplete: done"
}

. /lib/standin/first-logon.sh

computer_edition() { case "$(cat "$S/image" 2>/dev/null)" in *Server*) echo server ;; *) echo client ;; esac; }

do_first_logon() {
    user=$(cat "$S/autologon")
    show_page "Hi, $user" "We're getting everything ready for you" "Running the first-logon commands"
    log "first logon: $user signed in automatically"
    if [ "$(fault)" = ssh-late ]; then log "fault ssh-late: sshd starts 20 s after the first-logon script"; else sshd_start; fi
    F="settings@oobeSystem/$SHELLSETUP/FirstLogonCommands/SynchronousCommand"
    for g in $(xgroups "$F"); do
        printf '%s|%s\n' "$(xsub "$g" Order | tr -d '|')" "$g"
    done | sort -t '|' -k1,1n | while IFS='|' read -r order g; do
        cl=$(xsub "$g" CommandLine)
        lcl=$(lower "$cl")
        case "$lcl" in
        *first-logon.ps1*) case "$lcl" in *autounattend*) run_first_logon_script "$cl"; continue ;; esac ;;
        esac
        log "first logon: FirstLogonCommands $order not emulated: $cl"
    done
    echo "done" > "$S/state"
    sync
    log "first logon: FirstLogonCommands finished"
    if [ "$(fault)" = ssh-late ]; then sleep 20; sshd_start; fi
}

apply_computer_name
write_accounts
case "$state" in
specialize) do_specialize ;;
oobe)
    do_oobe
    write_accounts
    net_up
    update_agent_start
    do_first_logon
    ;;
firstlogon)
    write_accounts
    net_up
    update_agent_start
    do_first_logon
    ;;
done)
    net_up
    update_agent_start
    sshd_start
    log "Windows is running"
    ;;
*) hang "STOP: unknown installation state '$state'" ;;
esac
while :; do sleep 3600; done
