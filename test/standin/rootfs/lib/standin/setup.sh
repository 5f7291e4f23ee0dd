#!/bin/sh
# setup.sh - the stand-in's "Windows PE" phase: what Windows Setup does after booting from the CD.
# Reads the answer file (Joliet name only), loads the storage driver the answer file points at,
# checks the image name against sources/install.wim, partitions and "installs", then reboots.
. /lib/standin/common.sh

FW=$(firmware)
PE='settings@windowsPE/component@Microsoft-Windows-Setup'
PNP='settings@windowsPE/component@Microsoft-Windows-PnpCustomizationsWinPE'

show_page "Windows Setup" "Setup is starting..."
log "windowsPE: Windows Setup starting (firmware: $FW)"
log_secure_boot "windowsPE: "
power_button_watch
modload ahci sr_mod isofs nls_utf8 nls_cp437 nls_iso8859_1 nls_ascii vfat crct10dif_generic crc64_rocksoft_generic sd_mod
mount_cds /cd
while read -r L dev label; do log "windowsPE: drive $L: is CD $dev, label '$label'"; done < "$RUN/cds"

# ---- installation media: the CD this Setup booted from ----
SRC=""
for L in $(cd_letters); do
    l=$(lower "$L")
    if [ -f "/cd/$l/boot/standin/initrd.gz" ]; then SRC=/cd/$l; break; fi
done
[ -n "$SRC" ] || hang "Windows Setup: the installation media could not be found."
WIMF=""
sdir=$(ci_entry "$SRC" sources)
for n in install.wim install.esd; do
    [ -n "$sdir" ] || break
    f=$(ci_entry "$SRC/$sdir" $n)
    if [ -n "$f" ]; then WIMF=$SRC/$sdir/$f; break; fi
done
[ -n "$WIMF" ] || hang "Windows Setup: sources\\install.wim not found on the installation media."

# ---- answer file: implicit search of the root of every CD, Joliet/UDF names only ----
ANS=""
for L in $(cd_letters); do
    l=$(lower "$L")
    n=$(ci_entry "/cd/$l" autounattend.xml)
    if [ -n "$n" ] && [ -f "/cd/$l/$n" ]; then ANS=/cd/$l/$n; ANSL=$L; break; fi
done
if [ -z "$ANS" ]; then
    hang "Windows Setup: no answer file found: there is no autounattend.xml at the root of any drive" \
        "(Setup reads Joliet or UDF names; a plain ISO 9660 name AUTOUNAT.XML;1 is not an answer file)." \
        "Windows Setup is showing the language screen and waits for someone to click 'Install now'."
fi
log "windowsPE: using answer file $ANSL:\\$(basename "$ANS")"
if [ "$(fault)" = key-page ]; then
    # Consumer media without a key in the answer file: Setup asks for one and waits.
    show_page "Activate Windows" "Enter your product key" "" "Product key:  _____-_____-_____-_____-_____" "" \
        "I don't have a product key          Next"
    hang "standin: windowsPE: fault key-page: Setup shows the product key page"
fi
xml_load "$ANS"

# ---- storage drivers: Microsoft-Windows-PnpCustomizationsWinPE/DriverPaths or $WinPEDriver$ ----
has_inf() { [ -n "$(find "$1" -iname "$2.inf" 2>/dev/null | head -n 1)" ]; }
FOUND=""
note_driver() { # note_driver DIR WHERE
    for drv in vioscsi viostor netkvm; do
        if has_inf "$1" $drv; then
            case " $FOUND " in *" $drv "*) ;; *) FOUND="$FOUND $drv"; log "windowsPE: driver $drv found in $2" ;; esac
        fi
    done
}
for g in $(xgroups "$PNP/DriverPaths/PathAndCredentials"); do
    p=$(xsub "$g" Path)
    if d=$(win_resolve /cd "$p"); then note_driver "$d" "$p"; else log "windowsPE: driver path $p does not exist"; fi
done
if [ -n "$(xgroups "$PE/DriverPaths/PathAndCredentials")" ]; then
    log "note: DriverPaths under Microsoft-Windows-Setup are ignored (they belong to Microsoft-Windows-PnpCustomizationsWinPE)"
fi
for L in $(cd_letters); do
    l=$(lower "$L")
    w=$(ci_entry "/cd/$l" '$WinPEDriver$')
    [ -n "$w" ] && [ -d "/cd/$l/$w" ] && note_driver "/cd/$l/$w" "$L:\\$w"
done

# Which storage controllers are there? (virtio-scsi needs vioscsi, virtio-blk needs viostor)
for dev in /sys/bus/pci/devices/*; do
    [ "$(cat "$dev/vendor")" = 0x1af4 ] || continue
    case $(cat "$dev/device") in
    0x1004 | 0x1048) ctl=vioscsi mod=virtio_scsi ;;
    0x1001 | 0x1042) ctl=viostor mod=virtio_blk ;;
    *) continue ;;
    esac
    case " $FOUND " in
    *" $ctl "*) log "windowsPE: loading $ctl for the virtio storage controller"; modload virtio_pci $mod ;;
    *) log "windowsPE: no driver for the virtio storage controller (needs $ctl)" ;;
    esac
done
wait_for 5 have_disk
if ! have_disk; then
    hang "We couldn't find any drives. To get a storage driver, click Load driver." \
        "standin: (point Microsoft-Windows-PnpCustomizationsWinPE DriverPaths at the virtio-win folder of the disk's controller, or add \$WinPEDriver\$)"
fi

# ---- license terms ----
is_true "$(xget "$PE/UserData/AcceptEula")" ||
    hang "Windows Setup: Applicable notices and license terms: waiting for 'Accept' (UserData/AcceptEula is not true)."

# ---- image selection: /IMAGE/NAME or /IMAGE/INDEX against the WIM's XML resource ----
wim_images() { # prints "INDEX<TAB>NAME" for each image
    f=$1
    [ "$(dd if="$f" bs=8 count=1 2>/dev/null | tr '\000' 0)" = MSWIM000 ] || return 1
    u32() { od -A n -t u4 -j "$1" -N 4 "$f" | tr -d ' \n'; }
    u8() { od -A n -t u1 -j "$1" -N 1 "$f" | tr -d ' \n'; }
    size=$(($(u32 72) + ($(u8 76) << 32) + ($(u8 77) << 40) + ($(u8 78) << 48)))
    off=$(($(u32 80) + ($(u32 84) << 32)))
    dd if="$f" bs=65536 iflag=skip_bytes,count_bytes skip="$off" count="$size" 2>/dev/null | tr -d '\000' |
        awk 'BEGIN { RS = "\001" } { x = x $0 } END {
            while ((i = index(x, "<IMAGE ")) > 0) {
                x = substr(x, i); e = index(x, "</IMAGE>"); img = substr(x, 1, e); x = substr(x, e + 8)
                idx = ""; if (match(img, /INDEX="[0-9]+"/)) idx = substr(img, RSTART + 7, RLENGTH - 8)
                nm = ""; if ((a = index(img, "<NAME>")) > 0) { nm = substr(img, a + 6); nm = substr(nm, 1, index(nm, "</NAME>") - 1) }
                gsub(/&lt;/, "<", nm); gsub(/&gt;/, ">", nm); gsub(/&quot;/, "\"", nm); gsub(/&apos;/, "\047", nm); gsub(/&amp;/, "\\&", nm)
                print idx "\t" nm
            } }'
}
wim_images "$WIMF" > "$RUN/images" || hang "Windows Setup: $WIMF is not a WIM file."
AVAIL=$(awk -F'\t' '{ printf "%s%s: %s", (NR > 1 ? "; " : ""), $1, $2 }' "$RUN/images")
log "windowsPE: images in install.wim: $AVAIL"
IDX=""
MD=$(xgroups "$PE/ImageInstall/OSImage/InstallFrom/MetaData")
for g in $MD; do
    k=$(xsub "$g" Key | tr a-z A-Z)
    v=$(xsub "$g" Value)
    case "$k" in
    /IMAGE/NAME) i=$(awk -F'\t' -v n="$v" '$2 == n { print $1; exit }' "$RUN/images")
        [ -n "$i" ] || hang "Windows could not apply the unattend answer file's <ImageInstall> setting." \
            "Windows cannot find the install image name '$v' in install.wim (available: $AVAIL)." ;;
    /IMAGE/INDEX) i=$(awk -F'\t' -v n="$v" '$1 == n { print $1; exit }' "$RUN/images")
        [ -n "$i" ] || hang "Windows could not apply the unattend answer file's <ImageInstall> setting." \
            "Windows cannot find the install image index '$v' in install.wim (available: $AVAIL)." ;;
    *) log "windowsPE: MetaData key $k not emulated, ignored"; continue ;;
    esac
    if [ -n "$IDX" ] && [ "$IDX" != "$i" ]; then
        hang "Windows could not apply the unattend answer file's <ImageInstall> setting: the MetaData entries name different images."
    fi
    IDX=$i
done
if [ -z "$IDX" ]; then
    if [ "$(wc -l < "$RUN/images")" = 1 ]; then IDX=$(cut -f1 "$RUN/images"); else
        hang "Windows Setup: 'Select the operating system you want to install' (no /IMAGE/NAME or /IMAGE/INDEX in ImageInstall/OSImage/InstallFrom/MetaData; $AVAIL)"
    fi
fi
IMAGE=$(awk -F'\t' -v n="$IDX" '$1 == n { print $2 }' "$RUN/images")
log "windowsPE: selected image $IDX: $IMAGE"

# ---- Windows 11 hardware requirements (TPM 2.0, Secure Boot, 4 GB), unless LabConfig bypasses ----
case "$IMAGE" in
"Windows 11"*)
    RS=$(for g in $(xgroups "$PE/RunSynchronous/RunSynchronousCommand"); do xsub "$g" Path; done | tr A-Z a-z)
    bypass() { echo "$RS" | grep labconfig | grep "$(lower "$1")" | grep -q '/d  *1'; }
    MISSING="" MET="" BYPASSED=""
    req() { # req MET? NAME BYPASS-VALUE
        if [ "$1" = yes ]; then MET="$MET $2,"
        elif bypass "$3"; then BYPASSED="$BYPASSED $2,"
        else MISSING="$MISSING $2,"; fi
    }
    req "$([ "$(cat /sys/class/tpm/tpm0/tpm_version_major 2>/dev/null)" = 2 ] && echo yes)" "TPM 2.0" BypassTPMCheck
    req "$([ "$(secure_boot)" = on ] && echo yes)" "Secure Boot" BypassSecureBootCheck
    req "$([ "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" -ge 3500000 ] && echo yes)" "4 GB of memory" BypassRAMCheck
    if [ -n "$MISSING" ]; then
        hang "This PC can't run Windows 11. This PC doesn't meet the minimum system requirements:${MISSING%,}." \
            "standin: (give the VM the real thing, or add reg add HKLM\\SYSTEM\\Setup\\LabConfig /v Bypass...Check /t REG_DWORD /d 1 in windowsPE RunSynchronous)"
    fi
    MET=${MET%,} BYPASSED=${BYPASSED%,}
    log "windowsPE: Windows 11 requirements met:${MET:- none}; bypassed (LabConfig):${BYPASSED:- none}"
    ;;
esac

# ---- where to install: DiskConfiguration + InstallTo ----
ITD=$(xget "$PE/ImageInstall/OSImage/InstallTo/DiskID")
ITP=$(xget "$PE/ImageInstall/OSImage/InstallTo/PartitionID")
ITA=$(xget "$PE/ImageInstall/OSImage/InstallToAvailablePartition")
WHERE="Windows Setup: 'Where do you want to install Windows?' is waiting for input"
[ -n "$ITP" ] || is_true "$ITA" || hang "$WHERE (no ImageInstall/OSImage/InstallTo or InstallToAvailablePartition)."
DG=""
for g in $(xgroups "$PE/DiskConfiguration/Disk"); do
    [ "$(xsub "$g" DiskID)" = "${ITD:-0}" ] && DG=$g && break
done
[ -n "$DG" ] || hang "$WHERE (no DiskConfiguration/Disk with DiskID ${ITD:-0})."
for g in $(xsubgroups "$DG" CreatePartitions/CreatePartition); do
    t=$(xsub "$g" Type)
    printf '%s|%s|%s|%s\n' "$(xsub "$g" Order | tr -d '|')" "$(lower "${t:-Primary}" | tr -d '|')" "$(xsub "$g" Size | tr -d '|')" "$(lower "$(xsub "$g" Extend)" | tr -d '|')"
done | sort -t '|' -k1,1n > "$RUN/parts"
[ -s "$RUN/parts" ] || hang "$WHERE (DiskConfiguration creates no partitions)."
: > "$RUN/mods"
for g in $(xsubgroups "$DG" ModifyPartitions/ModifyPartition); do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(xsub "$g" PartitionID)" "$(lower "$(xsub "$g" Format)")" "$(xsub "$g" Label)" \
        "$(xsub "$g" Letter | tr a-z A-Z)" "$(lower "$(xsub "$g" Active)")" "$(xsub "$g" TypeID)" >> "$RUN/mods"
done
mod_field() { awk -F'\t' -v p="$1" -v f="$2" '$1 == p { print $f; exit }' "$RUN/mods"; }
BADDC="Windows could not apply the unattend answer file's <DiskConfiguration> setting."
if [ "$FW" = uefi ]; then
    grep -q "|efi|" "$RUN/parts" || hang "$BADDC" \
        "Windows cannot be installed to this disk: on UEFI firmware Windows needs a GPT disk with an EFI System Partition (CreatePartition Type EFI)."
else
    if grep -q -e "|efi|" -e "|msr|" "$RUN/parts"; then
        hang "$BADDC" "Windows cannot be installed to this disk: EFI and MSR partitions are for UEFI (GPT); this PC started with BIOS firmware (MBR)."
    fi
fi
NPARTS=$(wc -l < "$RUN/parts")
if [ -z "$ITP" ]; then # InstallToAvailablePartition: the C: partition, else the first primary one
    ITP=$(awk -F'\t' '$4 == "C" { print $1; exit }' "$RUN/mods")
    [ -n "$ITP" ] || ITP=$(awk -F'|' '$2 == "primary" { print NR; exit }' "$RUN/parts")
fi
[ "$ITP" -ge 1 ] 2>/dev/null && [ "$ITP" -le "$NPARTS" ] || hang "$WHERE (InstallTo PartitionID $ITP does not exist)."
[ "$(awk -F'|' -v n="$ITP" 'NR == n { print $2 }' "$RUN/parts")" = primary ] ||
    hang "Windows cannot be installed to Disk ${ITD:-0} Partition $ITP (not a primary data partition)."
DISK=$(disk_list | sed -n "$((${ITD:-0} + 1))p")
[ -n "$DISK" ] || hang "Windows Setup: disk ${ITD:-0} does not exist." "$WHERE."

# ---- partition and format ----
DEV=/dev/$DISK
log "windowsPE: partitioning disk ${ITD:-0} ($DISK) $([ "$FW" = uefi ] && echo GPT || echo MBR), $NPARTS partitions"
blkdiscard "$DEV" 2>/dev/null || true
dd if=/dev/zero of="$DEV" bs=1M count=2 conv=fsync 2>/dev/null
{
    if [ "$FW" = uefi ]; then echo "label: gpt"; else echo "label: dos"; fi
    n=0
    while IFS="|" read -r _ type size extend; do
        n=$((n + 1))
        tid=$(mod_field $n 6)
        if [ "$FW" = uefi ]; then
            case $type in
            efi) t=C12A7328-F81F-11D2-BA4B-00A0C93EC93B ;;
            msr) t=E3C9E316-0B5C-4DB8-817D-F92DF00215AE ;;
            *) t=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 ;;
            esac
        else
            t=7
        fi
        [ -n "$tid" ] && t=${tid#0x}
        line="type=$t"
        [ "$extend" = true ] || [ -z "$size" ] || line="size=${size}MiB, $line"
        [ "$FW" = bios ] && [ "$(mod_field $n 5)" = true ] && line="$line, bootable"
        echo "$line"
    done < "$RUN/parts"
} > "$RUN/sfdisk.in"
sfdisk -q --wipe always --wipe-partitions always "$DEV" < "$RUN/sfdisk.in" > "$RUN/sfdisk.log" 2>&1 ||
    hang "$BADDC" "$(cat "$RUN/sfdisk.log")"
# Setup of build 26100+ adds a recovery partition after C: by itself (faults recovery-partition and
# reagentc-fails): C: (the last partition) gives up its last 32 MiB to it.
case "$(fault)" in
recovery-partition | reagentc-fails)
    if [ "$ITP" = "$NPARTS" ]; then
        set -- $(sfdisk -d "$DEV" | sed -n "s|^$(part_dev "$DISK" "$ITP") : start= *\([0-9]*\), size= *\([0-9]*\),.*|\1 \2|p")
        echo "start=$1, size=$(($2 - 32 * 2048))" | sfdisk -q -N "$ITP" "$DEV" >> "$RUN/sfdisk.log" 2>&1
        if [ "$FW" = uefi ]; then rt=DE94BBA4-06D1-4D40-A16A-BFD50179D6AC; else rt=27; fi
        echo "type=$rt" | sfdisk -q --append "$DEV" >> "$RUN/sfdisk.log" 2>&1 ||
            hang "$BADDC" "$(cat "$RUN/sfdisk.log")"
        log "windowsPE: Setup added a recovery partition after C: (partition $((NPARTS + 1)), 32 MiB; fault $(fault))"
    fi
    ;;
esac
n=0
ESP=""
while IFS="|" read -r _ type _ _; do
    n=$((n + 1))
    p=$(part_dev "$DISK" $n)
    wait_for 5 [ -b "$p" ] || hang "Windows Setup: partition $n of disk ${ITD:-0} did not appear."
    fmt=$(mod_field $n 2)
    label=$(mod_field $n 3)
    [ "$type" = efi ] && ESP=$p && fmt=${fmt:-fat32} && label=${label:-System}
    [ "$n" = "$ITP" ] && fmt=${fmt:-ntfs} && label=${label:-Windows}
    [ -n "$fmt" ] || continue
    # No NTFS here: every formatted partition is FAT32 (the label is kept, cut to FAT's 11 characters).
    label=$(printf '%s' "$label" | tr -cd 'A-Za-z0-9_ -' | cut -c1-11)
    mkdosfs -n "${label:-NO NAME}" "$p" >> "$RUN/mkfs.log" 2>&1 ||
        hang "Windows could not format a partition on disk ${ITD:-0} (partition $n, $fmt)."
done < "$RUN/parts"
CPART=$(part_dev "$DISK" "$ITP")

# ---- apply the image ----
mkdir -p /mnt/c
mount -t vfat "$CPART" /mnt/c || hang "Windows Setup: cannot open the installation partition." "$(dmesg | tail -n 5)" "$(cat "$RUN/mkfs.log")"
show_page "Installing Windows" "Copying Windows files" "Getting files ready for installation" "" "Image $IDX: $IMAGE"
log "windowsPE: copying files (image $IDX: $IMAGE) to disk ${ITD:-0} partition $ITP"
W=/mnt/c/Windows
mkdir -p "$W/Boot/standin" "$W/Panther" "$W/System32/config" "$W/Temp" "$W/standin" "/mnt/c/Program Files" /mnt/c/ProgramData /mnt/c/Users
cp "$SRC/boot/standin/vmlinuz" "$SRC/boot/standin/initrd.gz" "$W/Boot/standin/"
cp "$SRC/boot/standin/disk-grub.cfg" "$W/Boot/standin/grub.cfg"
cp "$ANS" "$W/Panther/unattend.xml" # Setup caches the answer file here for the later passes
panther "$W/Panther/setupact.log" "windowsPE: copying files (image $IDX: $IMAGE) to disk ${ITD:-0} partition $ITP"
: >> "$W/Panther/setuperr.log"
printf '%s\n' "$IMAGE" > "$W/standin/image"
echo "$FW" > "$W/standin/firmware"
: > "$W/System32/config/SYSTEM"
if [ "$(fault)" = poweroff-early ]; then
    sync
    power off "fault poweroff-early: the machine powers off in the middle of Setup"
fi
if [ "$FW" = uefi ]; then
    mkdir -p /mnt/esp
    mount -t vfat "$ESP" /mnt/esp || hang "Windows Setup: cannot open the EFI System Partition."
    mkdir -p /mnt/esp/EFI/BOOT /mnt/esp/EFI/Microsoft/Boot
    cp "$SRC/boot/standin/bootx64.efi" /mnt/esp/EFI/BOOT/BOOTX64.EFI
    cp "$SRC/boot/standin/bootx64.efi" /mnt/esp/EFI/Microsoft/Boot/bootmgfw.efi
    if [ -f "$SRC/boot/standin/grubx64.efi" ]; then
        # Signed chain: BOOTX64.EFI/bootmgfw.efi are shim, which runs grubx64.efi from its own folder;
        # Debian's signed GRUB reads $prefix/grub.cfg = \EFI\debian\grub.cfg (plays the BCD store).
        cp "$SRC/boot/standin/grubx64.efi" /mnt/esp/EFI/BOOT/grubx64.efi
        cp "$SRC/boot/standin/grubx64.efi" /mnt/esp/EFI/Microsoft/Boot/grubx64.efi
        mkdir -p /mnt/esp/EFI/debian
        cp "$SRC/boot/standin/esp-grub.cfg" /mnt/esp/EFI/debian/grub.cfg
    fi
    umount /mnt/esp
else
    # MBR boot code (keep the partition table) + GRUB core image in the gap before partition 1
    dd if="$SRC/boot/standin/boot.img" of="$DEV" bs=440 count=1 conv=notrunc 2>/dev/null
    dd if="$SRC/boot/standin/core.img" of="$DEV" bs=512 seek=1 conv=notrunc 2>/dev/null
fi
echo specialize > "$W/standin/state"
sync
umount /mnt/c
log "windowsPE: installation complete"
power reboot "reboot 1"
