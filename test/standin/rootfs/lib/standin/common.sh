# common.sh - helpers shared by the stand-in's setup (windowsPE) and installed modes. busybox sh.
# Everything printed here goes to the serial console (kernel console=ttyS0), read live by the host; log lines
# and a banner per phase also go to the VGA screen, so the host's screenshots show what the guest is doing.

SD=/lib/standin
RUN=${STANDIN_RUN:-/run/standin}
mkdir -p "$RUN"

# The VGA screen is tty1 (vgacon on BIOS, efifb + fbcon on UEFI); the kernel console stays on ttyS0 alone.
TTY=/dev/tty1
on_screen() { [ -c "$TTY" ] && printf "$@" > "$TTY" 2> /dev/null; return 0; }
log() { echo "standin: $*"; on_screen '%s\n' "$*"; }

# show_page TITLE [LINE...]: a cleared screen with a white-on-blue title bar and a few lines, like the pages of
# Setup and OOBE. No blinking cursor and no blanking: two screenshots of a page that did not change are equal.
show_page() {
    on_screen '\033[?25l\033[9;0]\033[0m\033[2J\033[H\n\033[1;37;44m%-78s\033[0m\n\n' "  $1"
    shift
    for line in "$@"; do on_screen '  %s\n' "$line"; done
    on_screen '\n'
}

# panther FILE TEXT: one line of a Windows Setup log (C:\Windows\Panther\...), in Setup's layout, CRLF.
panther() {
    mkdir -p "$(dirname "$1")"
    printf '%s, Info                  SP     %s\r\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$2" >> "$1"
}

# Stop here for good, like Setup sitting on an error dialog: QEMU keeps running, never ready.
hang() {
    for line in "$@"; do echo "$line"; done
    on_screen '\n'
    for line in "$@"; do on_screen '%s\n' "$line"; done
    log "waiting forever (this is where Windows Setup would sit on a dialog)"
    while :; do sleep 3600; done
}

fault() { cat /etc/standin-fault 2>/dev/null; }

firmware() { if [ -d /sys/firmware/efi ]; then echo uefi; else echo bios; fi; }

# UEFI Secure Boot as the firmware reports it: the SecureBoot variable (EFI global variable GUID; efivarfs
# files start with 4 bytes of attributes, then the 1-byte value). Prints on, off, or bios.
EFI_GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
efivar_byte() { # efivar_byte NAME -> the variable's first data byte, or nothing
    if [ ! -d /sys/firmware/efi/efivars ] || [ -z "$(ls /sys/firmware/efi/efivars 2>/dev/null | head -n 1)" ]; then
        modprobe efivarfs 2>/dev/null
        mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null
    fi
    # Through a pipe: efivarfs files do not seek, and busybox od -j on the file itself reads from offset 0.
    cat "/sys/firmware/efi/efivars/$1-$EFI_GLOBAL" 2>/dev/null | od -A n -t u1 -j 4 -N 1 | tr -d ' \n'
}
secure_boot() {
    [ "$(firmware)" = uefi ] || { echo bios; return; }
    if [ "$(efivar_byte SecureBoot)" = 1 ]; then echo on; else echo off; fi
}
# One serial line with the evidence: the firmware's SecureBoot and SetupMode variables, what the kernel
# made of them (its "secureboot:" line) and the lockdown it entered (Debian's kernel locks itself down,
# integrity mode, when booted with Secure Boot).
log_secure_boot() { # log_secure_boot PREFIX   (also leaves on|off|bios in $RUN/secureboot)
    secure_boot > "$RUN/secureboot"
    [ "$(firmware)" = uefi ] || return 0
    kmsg=$(dmesg | sed -n 's/^\[[^]]*\] //; /^secureboot: /{ s/^secureboot: //p; q; }')
    [ -d /sys/kernel/security/lockdown ] || [ -f /sys/kernel/security/lockdown ] ||
        mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
    lockdown=$(sed -n 's/.*\[\([a-z]*\)\].*/\1/p' /sys/kernel/security/lockdown 2>/dev/null)
    log "$1UEFI Secure Boot: $(cat "$RUN/secureboot") (SecureBoot=$(efivar_byte SecureBoot) SetupMode=$(efivar_byte SetupMode); kernel: ${kmsg:-no secureboot line}; lockdown: ${lockdown:-unknown})"
}

modload() {
    for m in "$@"; do modprobe "$m" 2>/dev/null || log "warning: cannot load kernel module $m"; done
}

# Power off / reboot, always after a sync (the host's qcow2 must hold everything).
power() { # power off|reboot REASON
    log "$2"
    updates_at_shutdown
    sync
    [ -d /mnt/c/Windows ] && mount -o remount,ro /mnt/c 2>/dev/null
    sync
    if [ "$1" = reboot ]; then reboot -f; else poweroff -f; fi
    sleep 60
}

# ACPI power button (QMP system_powerdown): the kernel's button driver reports it as an input device
# named "Power Button"; the first event read from it shuts the guest down.
power_button_watch() {
    modload button evdev
    for d in /sys/class/input/input*; do
        [ "$(cat "$d/name" 2>/dev/null)" = "Power Button" ] || continue
        for e in "$d"/event*; do
            [ -e "$e" ] || continue
            ev=/dev/input/${e##*/}
            ( head -c 24 "$ev" >/dev/null 2>&1 && power off "ACPI power button pressed: shutting down" ) &
        done
    done
}

# CD-ROM drives in controller-port order (sr numbering is probe order, not necessarily port order).
cd_devices() {
    for b in /sys/block/sr*; do
        [ -e "$b" ] || continue
        hctl=$(basename "$(readlink "$b/device")")
        echo "$hctl ${b##*/}"
    done | sort -t: -k1,1n -k2,2n -k3,3n -k4,4n | awk '{print $2}'
}

# ISO 9660 primary volume descriptor label of a device or file.
iso_label() { dd if="$1" bs=1 skip=32808 count=32 2>/dev/null | tr -d '\000' | sed 's/ *$//'; }

# Mount every CD (Joliet names, no Rock Ridge: what Setup sees) at BASE/<letter>, letters from D:
# in port order. Writes "LETTER DEV LABEL" lines to $RUN/cds.
mount_cds() { # mount_cds BASE
    : > "$RUN/cds"
    set -- "$1" D E F G H I J K L M N O P Q R S T U V W X Y Z
    base=$1; shift
    for dev in $(cd_devices); do
        [ $# -gt 0 ] || break
        L=$1; shift
        l=$(echo "$L" | tr A-Z a-z)
        mkdir -p "$base/$l"
        if mount -t iso9660 -o ro,norock "/dev/$dev" "$base/$l" 2>/dev/null; then
            echo "$L $dev $(iso_label "/dev/$dev")" >> "$RUN/cds"
        else
            echo "$L $dev -" >> "$RUN/cds"
        fi
    done
}

cd_letters() { awk '{print $1}' "$RUN/cds"; }

# Case-insensitive lookup of NAME inside DIR (Windows file names are case-insensitive).
ci_entry() { # ci_entry DIR NAME -> prints the real name
    ls -1a "$1" 2>/dev/null | awk -v n="$2" 'tolower($0) == tolower(n) { print; exit }'
}

# Resolve a Windows path with a drive letter against BASE/<letter> (case-insensitive per component).
# Prints the Linux path, or nothing when it does not exist.
win_resolve() { # win_resolve BASE 'E:\vioscsi\w11\amd64'
    wp=$(echo "$2" | tr '\\' '/')
    case "$wp" in [A-Za-z]:*) ;; *) return 1 ;; esac
    l=$(echo "${wp%%:*}" | tr A-Z a-z)
    p="$1/$l"
    [ -d "$p" ] || return 1
    rest=${wp#*:}
    IFS=/
    for comp in $rest; do
        [ -n "$comp" ] || continue
        [ "$comp" = . ] && continue
        real=$(ci_entry "$p" "$comp")
        if [ -z "$real" ]; then unset IFS; return 1; fi
        p="$p/$real"
    done
    unset IFS
    echo "$p"
}

# ---- answer file queries (see xml.awk for the flattened form) ----
ANSWER_FLAT=$RUN/answer.flat

xml_load() { awk -f "$SD/xml.awk" "$1" > "$ANSWER_FLAT"; }

# xget 'settings@PASS/component@NAME/A/B' -> first value (indices ignored)
xget() {
    awk -F'\t' -v p="/unattend/$1" '{ k = $1; gsub(/#[0-9]+/, "", k); if (k == p) { print substr($0, index($0, "\t") + 1); exit } }' "$ANSWER_FLAT"
}

# xgroups 'settings@.../DriverPaths/PathAndCredentials' -> each distinct indexed prefix, document order
xgroups() {
    awk -F'\t' -v p="/unattend/$1" '
        BEGIN { n = split(p, want, "/") }
        {
            m = split($1, c, "/"); if (m < n) next
            pre = ""; k = ""
            for (i = 2; i <= n; i++) { pre = pre "/" c[i]; s = c[i]; sub(/#[0-9]+$/, "", s); k = k "/" s }
            if (k == p && !(pre in seen)) { seen[pre] = 1; print pre }
        }' "$ANSWER_FLAT"
}

# xsubgroups PREFIX 'Rel/Path' -> each distinct indexed prefix PREFIX/Rel#i/Path#j, document order
xsubgroups() {
    awk -F'\t' -v p="$1" -v r="$2" '
        BEGIN { n = split(r, want, "/") }
        index($1, p "/") == 1 {
            m = split(substr($1, length(p) + 2), c, "/"); if (m < n) next
            pre = p; k = ""
            for (i = 1; i <= n; i++) { pre = pre "/" c[i]; s = c[i]; sub(/#[0-9]+$/, "", s); k = k (i > 1 ? "/" : "") s }
            if (k == r && !(pre in seen)) { seen[pre] = 1; print pre }
        }' "$ANSWER_FLAT"
}

# xsub PREFIX 'Rel/Path' -> value of the leaf PREFIX/Rel/Path (indices below PREFIX ignored)
xsub() {
    awk -F'\t' -v p="$1" -v r="$2" '
        index($1, p "/") == 1 { k = substr($1, length(p) + 2); gsub(/#[0-9]+/, "", k); if (k == r) { print substr($0, index($0, "\t") + 1); exit } }' "$ANSWER_FLAT"
}

lower() { echo "$*" | tr A-Z a-z; }
is_true() { [ "$(lower "$1")" = true ] || [ "$1" = 1 ]; }

# Password/Value with PlainText=false is base64 of UTF-16LE (password + SUFFIX), SUFFIX "Password"
# for LocalAccount and AutoLogon, "AdministratorPassword" for AdministratorPassword.
password_of() { # password_of PREFIX SUFFIX   (PREFIX points at the element holding Password)
    v=$(xsub "$1" Password/Value)
    pt=$(xsub "$1" Password/PlainText)
    if [ -n "$pt" ] && ! is_true "$pt"; then
        v=$(printf '%s' "$v" | base64 -d 2>/dev/null | tr -d '\000')
        v=${v%"$2"}
    fi
    printf '%s' "$v"
}

# ---- disks ----
# Fixed disks (not CDs), in name order: DiskID 0 is the first.
disk_list() {
    for b in /sys/block/sd* /sys/block/vd*; do
        [ -e "$b" ] || continue
        [ "$(cat "$b/removable" 2>/dev/null)" = 1 ] && continue
        echo "${b##*/}"
    done
}

wait_for() { # wait_for SECONDS TEST...
    t=$(( $1 * 10 )); shift
    while [ $t -gt 0 ]; do "$@" && return 0; usleep 100000; t=$((t - 1)); done
    "$@"
}

have_disk() { [ -n "$(disk_list)" ]; }

part_dev() { # part_dev DISK N
    case "$1" in *[0-9]) echo "/dev/${1}p$2" ;; *) echo "/dev/$1$2" ;; esac
}

# ---- registry: C:\Windows\standin\registry, written by win.awk's reg add/delete ----
reg_value() { # reg_value 'HKEY_LOCAL_MACHINE\...' NAME -> "TYPE DATA", or nothing
    # Through the environment: awk -v would read the key's backslashes as escapes.
    REG_KEY=$1 REG_NAME=$2 awk -F'\t' 'tolower($1) == tolower(ENVIRON["REG_KEY"]) && tolower($2) == tolower(ENVIRON["REG_NAME"]) {
        print $3 " " $4; exit }' /mnt/c/Windows/standin/registry 2> /dev/null
}

# ---- Windows Update: automatic updates, read from the policy at each boot after specialize ----
# Without NoAutoUpdate (REG_DWORD 1) the update agent "downloads updates" during the session and the next
# shutdown or restart installs them first ("Working on updates", 20 s here; far longer on Windows). A policy
# changed during a session counts from the next boot, as updates already staged stay staged.
AU_KEY='HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU'
update_agent_start() {
    if [ "$(reg_value "$AU_KEY" NoAutoUpdate)" = "REG_DWORD 1" ]; then
        log "Windows Update: automatic updates off (policy NoAutoUpdate=1)"
        rm -f "$RUN/updates-pending"
    else
        log "Windows Update: automatic updates on: updates download now and install at the next shutdown or restart"
        : > "$RUN/updates-pending"
    fi
}
updates_at_shutdown() {
    [ -f "$RUN/updates-pending" ] || return 0
    rm -f "$RUN/updates-pending"
    log "Working on updates  0% complete. Don't turn off your computer."
    sleep 20
    log "Working on updates  100% complete."
}
