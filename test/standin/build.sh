#!/usr/bin/env bash
# build.sh OUTDIR [--fault NAME]
#
# Builds the stand-in guest media used to test bake-windows-image without Windows:
#   OUTDIR/standin-installer.iso          (--fault NAME: OUTDIR/standin-installer-NAME.iso)
#       stands in for a Windows ISO: GRUB (BIOS + UEFI) boot prompt, a Linux "Windows Setup",
#       and a real sources/install.wim made with wimcapture. UEFI boots go through Debian's signed
#       chain (shim signed by Microsoft's UEFI CA -> GRUB and kernel signed by Debian), so the media
#       also boot with Secure Boot on, like Windows media through Microsoft's signed bootmgr.
#   OUTDIR/standin-virtio-win.iso
#       stands in for virtio-win.iso: <driver>/<os>/amd64 folders with fake drivers.
# Everything inside the guest comes from Debian packages (apt-get download + dpkg-deb -x, never
# installed on the host), cached in .cache/standin/ of the repository (STANDIN_CACHE overrides).
# Reproducible (SOURCE_DATE_EPOCH, sorted cpio, gzip -n) and idempotent: a re-run with the same
# inputs copies the cached ISOs. See README.md beside this file for the behaviour contract.
set -euo pipefail

FAULTS="never-ready poweroff-early wrong-account ssh-late unsigned-loader sshd-fails guest-tools-fail ssh-never trim-unsupported recovery-partition reagentc-fails key-page update-fails update-reboot-loop update-hangs"
usage() {
    echo "usage: $0 OUTDIR [--fault NAME]   (NAME: ${FAULTS// /, })" >&2
    exit 2
}
OUT="" FAULT=""
while [ $# -gt 0 ]; do
    case "$1" in
    --fault) [ $# -ge 2 ] || usage; FAULT=$2; shift 2 ;;
    --fault=*) FAULT=${1#*=}; shift ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$OUT" ] || usage; OUT=$1; shift ;;
    esac
done
[ -n "$OUT" ] || usage
if [ -n "$FAULT" ] && [[ " $FAULTS " != *" $FAULT "* ]]; then
    echo "build.sh: unknown fault '$FAULT' (known: $FAULTS)" >&2
    exit 2
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${STANDIN_CACHE:-$REPO/.cache/standin}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704067200} # 2024-01-01T00:00:00Z
export TZ=UTC LC_ALL=C
mkdir -p "$OUT" "$CACHE/debs" "$CACHE/iso"
# Test files build the media in parallel: one build at a time shares the cache safely.
exec 9> "$CACHE/.lock"
flock 9
OUT=$(cd "$OUT" && pwd)

say() { echo "standin-build: $*" >&2; }
die() { echo "standin-build: error: $*" >&2; exit 1; }

# Host tools (Debian packages: gcc grub-pc-bin grub-efi-amd64-bin grub-common mtools xorriso wimtools cpio openssl)
for t in gcc grub-mkimage grub-editenv xorriso xorrisofs mformat mcopy wimcapture wimappend wiminfo cpio gzip dpkg-deb apt-get perl sha256sum openssl; do
    command -v "$t" > /dev/null || die "missing host tool $t (apt-get install gcc grub-pc-bin grub-efi-amd64-bin grub-common mtools xorriso wimtools cpio openssl)"
done
[ -f /usr/lib/grub/i386-pc/boot.img ] || die "missing /usr/lib/grub/i386-pc (apt-get install grub-pc-bin)"
[ -d /usr/lib/grub/x86_64-efi ] || die "missing /usr/lib/grub/x86_64-efi (apt-get install grub-efi-amd64-bin)"

# ---------------------------------------------------------------- Debian packages (cached)
# The guest's programs and libraries, and the Secure Boot chain: shim-signed (shimx64.efi.signed, signed by
# Microsoft's UEFI CA 2011, with Debian's CA built in) and grub-efi-amd64-signed (gcdx64/grubx64.efi.signed,
# signed by Debian). The kernel package behind linux-image-amd64 is the signed one (vmlinuz signed by Debian).
PKGS="busybox-static dropbear-bin libc6 zlib1g libcrypt1 libtomcrypt1 libtommath1 libgmp10 fdisk libfdisk1 libsmartcols1 libblkid1 libuuid1 libtinfo6 libreadline8 openssh-sftp-server shim-signed grub-efi-amd64-signed"
deb_of() { compgen -G "$CACHE/debs/${1}_*.deb" | LC_ALL=C sort | tail -n 1 || true; }
APT_UPDATED=""
apt_download() { # apt_download PKG...
    local log=$CACHE/debs/apt.log
    if ! (cd "$CACHE/debs" && apt-get download "$@") > "$log" 2>&1; then
        [ -z "$APT_UPDATED" ] || { cat "$log" >&2; die "apt-get download $* failed"; }
        say "apt-get download failed; running apt-get update once"
        apt-get update > "$CACHE/debs/apt-update.log" 2>&1 || { cat "$CACHE/debs/apt-update.log" >&2; die "apt-get update failed"; }
        APT_UPDATED=1
        (cd "$CACHE/debs" && apt-get download "$@") > "$log" 2>&1 || { cat "$log" >&2; die "apt-get download $* failed"; }
    fi
}
missing=()
for p in $PKGS; do [ -n "$(deb_of "$p")" ] || missing+=("$p"); done
KDEB=$(compgen -G "$CACHE/debs/linux-image-[0-9]*-amd64_*.deb" | LC_ALL=C sort | tail -n 1 || true)
if [ -z "$KDEB" ]; then
    kpkg=$(apt-cache depends linux-image-amd64 2> /dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    if [ -z "$kpkg" ]; then
        apt-get update > "$CACHE/debs/apt-update.log" 2>&1 || die "apt-get update failed"
        APT_UPDATED=1
        kpkg=$(apt-cache depends linux-image-amd64 2> /dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    fi
    [ -n "$kpkg" ] || die "cannot resolve the kernel package behind linux-image-amd64"
    missing+=("$kpkg")
fi
if [ ${#missing[@]} -gt 0 ]; then
    say "downloading ${missing[*]}"
    apt_download "${missing[@]}"
    KDEB=$(compgen -G "$CACHE/debs/linux-image-[0-9]*-amd64_*.deb" | LC_ALL=C sort | tail -n 1 || true)
fi
[ -n "$KDEB" ] || die "kernel package missing in $CACHE/debs"
DEBS="$KDEB"
for p in $PKGS; do d=$(deb_of "$p"); [ -n "$d" ] || die "package $p missing in $CACHE/debs"; DEBS="$DEBS $d"; done

# ---------------------------------------------------------------- cache key
# Everything that goes into the installer ISO: this script, the guest files (rootfs, grub, preload), the package
# versions.
inputs_hash() {
    {
        echo "sde=$SOURCE_DATE_EPOCH fault=$1"
        for d in $DEBS; do basename "$d"; done
        (cd "$HERE" && find build.sh rootfs grub preload -type f | LC_ALL=C sort | while read -r f; do
            echo "$f $(stat -c %a "$f") $(sha256sum < "$f")"
        done)
    } | sha256sum | cut -c1-16
}
SUFFIX=${FAULT:+-$FAULT}
INST_ISO=$OUT/standin-installer$SUFFIX.iso
VIRTIO_ISO=$OUT/standin-virtio-win.iso
IHASH=$(inputs_hash "$FAULT")
VHASH=$( (echo "sde=$SOURCE_DATE_EPOCH"; sha256sum < "$HERE/build.sh") | sha256sum | cut -c1-16)
CACHED_INST=$CACHE/iso/installer$SUFFIX-$IHASH.iso
CACHED_VIRTIO=$CACHE/iso/virtio-win-$VHASH.iso

install_iso() { # install_iso CACHED DEST
    if [ -f "$2" ] && cmp -s "$1" "$2"; then return 0; fi
    cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
}

WORK=""
cleanup() { [ -z "$WORK" ] || rm -rf "$WORK"; }
trap cleanup EXIT

# ---------------------------------------------------------------- virtio-win stand-in
build_virtio() {
    local d=$WORK/virtio drv os lc
    mkdir -p "$d"
    for drv in viostor vioscsi NetKVM; do
        lc=$(echo "$drv" | tr A-Z a-z)
        for os in w10 w11 2k16 2k19 2k22 2k25; do
            mkdir -p "$d/$drv/$os/amd64"
            printf '; %s.inf - stand-in for the virtio-win %s driver (%s, amd64); not a real driver\r\n[Version]\r\nSignature="$WINDOWS NT$"\r\nClass=%s\r\nProvider=%%VENDOR%%\r\nCatalogFile=%s.cat\r\nDriverVer=07/03/2024,100.95.104.26200\r\n' \
                "$lc" "$drv" "$os" "$([ "$drv" = NetKVM ] && echo Net || echo SCSIAdapter)" "$lc" > "$d/$drv/$os/amd64/$lc.inf"
            printf 'MZ stand-in %s.sys for %s\r\n' "$lc" "$os" > "$d/$drv/$os/amd64/$lc.sys"
            printf 'stand-in catalog for %s.inf\r\n' "$lc" > "$d/$drv/$os/amd64/$lc.cat"
        done
    done
    printf 'MZ stand-in virtio-win-guest-tools.exe (installs nothing)\r\n' > "$d/virtio-win-guest-tools.exe"
    printf 'MZ stand-in virtio-win-gt-x64.msi\r\n' > "$d/virtio-win-gt-x64.msi"
    mkdir -p "$d/guest-agent"
    printf 'MZ stand-in qemu-ga-x86_64.msi\r\n' > "$d/guest-agent/qemu-ga-x86_64.msi"
    printf 'Stand-in for virtio-win-0.1.262.iso, made by bake-windows-image test/standin/build.sh.\r\n' > "$d/README.txt"
    find "$d" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    xorrisofs -quiet -J -joliet-long -r -V virtio-win-0.1.262 -o "$WORK/virtio.iso" "$d" 2> "$WORK/virtio.log" ||
        { cat "$WORK/virtio.log" >&2; die "xorrisofs (virtio) failed"; }
    rm -f "$CACHE/iso/virtio-win-"*.iso
    mv "$WORK/virtio.iso" "$CACHED_VIRTIO"
}

# ---------------------------------------------------------------- kernel modules
# Only the modules the stand-in loads, plus their dependencies (read from each .ko's modinfo).
MODULES="ahci sr_mod sd_mod isofs vfat nls_utf8 nls_cp437 nls_iso8859-1 nls_ascii virtio_pci virtio_scsi virtio_blk virtio_net button evdev efivarfs crct10dif_generic crc64_rocksoft_generic"
extract_kernel() { # -> $WORK/kernel/{boot,lib/modules}
    local k=$WORK/kernel want have new m path deps
    mkdir -p "$k"
    dpkg-deb --fsys-tarfile "$KDEB" > "$WORK/kernel.tar"
    tar -tf "$WORK/kernel.tar" > "$WORK/kernel.list"
    tar -xf "$WORK/kernel.tar" -C "$k" --wildcards './boot/vmlinuz-*'
    KVER=$(basename "$(compgen -G "$k/boot/vmlinuz-*")"); KVER=${KVER#vmlinuz-}
    want=" $MODULES " have=" "
    for _ in 1 2 3 4 5 6; do
        new=""
        for m in $want; do
            case "$have" in *" $m "*) continue ;; esac
            path=$(grep -E "/kernel/.*/$m\.ko$" "$WORK/kernel.list" | head -n 1 || true)
            if [ -z "$path" ]; then # modprobe names use _ where file names may use -
                path=$(grep -E "/kernel/.*/$(echo "$m" | sed 's/[-_]/[-_]/g')\.ko$" "$WORK/kernel.list" | head -n 1 || true)
            fi
            [ -n "$path" ] || die "kernel module $m not found in $(basename "$KDEB")"
            tar -xf "$WORK/kernel.tar" -C "$k" "$path"
            have="$have$m "
            deps=$(tr '\000' '\n' < "$k/$path" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
            new="$new $deps"
        done
        want=$(echo "$new" | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
        [ -n "$(for m in $want; do case "$have" in *" $m "*) ;; *) echo "$m" ;; esac; done)" ] || break
    done
    rm -f "$WORK/kernel.tar"
}

# ---------------------------------------------------------------- initramfs
extract_debs() { # every non-kernel package into $WORK/pkgs/<name>
    local d n
    for d in $DEBS; do
        [ "$d" = "$KDEB" ] && continue
        n=$(basename "$d"); n=${n%%_*}
        mkdir -p "$WORK/pkgs/$n"
        dpkg-deb -x "$d" "$WORK/pkgs/$n"
    done
}
find_lib() { # find_lib NAME -> path in the extracted packages
    local f
    f=$(find "$WORK/pkgs" -name "$1" \( -type f -o -type l \) | LC_ALL=C sort | head -n 1)
    [ -n "$f" ] || die "library $1 not found in the downloaded packages"
    echo "$f"
}
build_initramfs() {
    local r=$WORK/initramfs bb a l b
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc,proc,sys,dev,run,tmp,mnt,cd,root,var/log}
    bb=$WORK/pkgs/busybox-static/bin/busybox
    cp "$bb" "$r/bin/busybox"
    for a in $("$bb" --list-full); do
        [ "$a" = bin/busybox ] && continue
        [ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a"
    done
    cp "$WORK/pkgs/dropbear-bin/usr/sbin/dropbear" "$r/usr/sbin/dropbear"
    patch_exit_status "$r/usr/sbin/dropbear"
    gcc -O2 -Wall -shared -fPIC -o "$r/lib/standin-exit-status.so" "$HERE/preload/exit-status.c"
    cp "$WORK/pkgs/dropbear-bin/usr/bin/dropbearkey" "$r/usr/bin/dropbearkey"
    cp "$WORK/pkgs/fdisk/sbin/sfdisk" "$r/sbin/sfdisk"
    mkdir -p "$r/usr/lib" # dropbear's "sftp" subsystem execs /usr/lib/sftp-server (its SFTPSERVER_PATH)
    cp "$WORK/pkgs/openssh-sftp-server/usr/lib/openssh/sftp-server" "$r/usr/lib/sftp-server"
    for l in ld-linux-x86-64.so.2 libc.so.6 libz.so.1 libcrypt.so.1 libtomcrypt.so.1 libtommath.so.1 libgmp.so.10 libfdisk.so.1 \
        libsmartcols.so.1 libblkid.so.1 libuuid.so.1 libtinfo.so.6 libreadline.so.8; do
        cp -L "$(find_lib "$l")" "$r/lib/x86_64-linux-gnu/$l"
    done
    ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/lib64/ld-linux-x86-64.so.2"
    for b in usr/sbin/dropbear usr/bin/dropbearkey usr/lib/sftp-server sbin/sfdisk; do # every library there?
        l=$("$r/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --inhibit-cache --library-path "$r/lib/x86_64-linux-gnu" --list "$r/$b" |
            awk -v r="$r/" '/=>/ && index($3, r) != 1 { print $1 }')
        [ -z "$l" ] || die "$b needs libraries that are not in the initramfs: $l"
    done
    # kernel modules + modules.dep (busybox depmod)
    mkdir -p "$r/lib/modules"
    cp -a "$WORK/kernel/lib/modules/$KVER" "$r/lib/modules/"
    "$r/bin/busybox" depmod -b "$r" "$KVER"
    rm -f "$r/lib/modules/$KVER"/modules.{alias,symbols}
    # the stand-in's own scripts
    cp -a "$HERE/rootfs/." "$r/"
    # win.awk is kept as parts by meaning; busybox awk takes one program file
    (LC_ALL=C; cat "$r"/lib/standin/win/*.awk) > "$r/lib/standin/win.awk"
    rm -r "$r/lib/standin/win"
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$r/etc/passwd"
    printf 'root:x:0:\n' > "$r/etc/group"
    printf '/bin/sh\n/bin/winsh\n' > "$r/etc/shells"
    printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' > "$r/etc/nsswitch.conf"
    printf '127.0.0.1 localhost\n' > "$r/etc/hosts"
    printf 'kernel %s\nbuilt from %s\n' "$KVER" "$(for d in $DEBS; do basename "$d"; done | tr '\n' ' ')" > "$r/etc/standin-build"
    [ -z "$FAULT" ] || echo "$FAULT" > "$r/etc/standin-fault"
    find "$r" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    (cd "$r" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --reproducible -R 0:0 --quiet) | gzip -n -9 > "$WORK/initrd.gz"
}

# Windows exit codes are 32 bits (3010 = reboot required), a Linux exit status 8. dropbear's SIGCHLD handler
# does "exitstatus = WEXITSTATUS(status)" as movzbl %ah,%ecx; mov %ecx,0x4(%rdx): it becomes mov %eax,0x3(%rdx)
# (bytes 1-3 of the status into exitstatus; byte 0 is 0 for an exit, onto the top byte of exitpid, 0 for every
# pid) + a nop, so the 24 bits that preload/exit-status.c's waitpid() puts there reach the SSH exit-status.
patch_exit_status() {
    perl -0777 -pi -e '
        my $n = s/\x75\x06\x0f\xb6\xcc\x89\x4a\x04\x89\xc1\x83\xe1\x7f/\x75\x06\x89\x42\x03\x0f\x1f\x00\x89\xc1\x83\xe1\x7f/g;
        $n == 1 or die "dropbear: WEXITSTATUS code found $n times, not once\n";
    ' "$1" || die "cannot patch $1 (another dropbear build?)"
}

# ---------------------------------------------------------------- install.wim (real WIM, tiny images)
FILETIME_HI="" FILETIME_LO=""
build_wim() {
    local w=$WORK/wim i ft
    local -a names=("Windows 11 Home" "Windows 11 Pro" "Windows 10 Pro" "Windows Server 2022 SERVERDATACENTER")
    local -a display=("Windows 11 Home" "Windows 11 Pro" "Windows 10 Pro" "Windows Server 2022 Datacenter (Desktop Experience)")
    local -a edition=(Core Professional Professional ServerDatacenter)
    # What Microsoft's XML says about each image: the builder derives the Windows version from BUILD and TYPE.
    local -a build=(26100 26100 19045 20348) spbuild=(1742 1742 3803 2582) type=(Client Client Client Server)
    mkdir -p "$w"
    for i in 0 1 2 3; do
        mkdir -p "$w/img$i/Windows/System32/config" "$w/img$i/Program Files" "$w/img$i/Users/Default"
        printf 'stand-in for %s\r\n' "${names[$i]}" > "$w/img$i/Windows/System32/ntoskrnl.exe"
        printf '%s\r\n' "${edition[$i]}" > "$w/img$i/Windows/System32/config/EDITION"
    done
    for i in 0 1 2 3; do
        find "$w/img$i" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
        if [ "$i" = 0 ]; then
            wimcapture "$w/img$i" "$w/install.wim" "${names[$i]}" --no-acls --norpfix > /dev/null
        else
            wimappend "$w/img$i" "$w/install.wim" "${names[$i]}" --no-acls --norpfix > /dev/null
        fi
        wiminfo "$w/install.wim" $((i + 1)) --image-property "DISPLAYNAME=${display[$i]}" \
            --image-property "WINDOWS/EDITIONID=${edition[$i]}" --image-property "WINDOWS/ARCH=9" \
            --image-property "WINDOWS/INSTALLATIONTYPE=${type[$i]}" \
            --image-property "WINDOWS/VERSION/MAJOR=10" --image-property "WINDOWS/VERSION/MINOR=0" \
            --image-property "WINDOWS/VERSION/BUILD=${build[$i]}" \
            --image-property "WINDOWS/VERSION/SPBUILD=${spbuild[$i]}" \
            --image-property "WINDOWS/LANGUAGES/LANGUAGE=en-US" \
            --image-property "WINDOWS/LANGUAGES/DEFAULT=en-US" > /dev/null
    done
    # Reproducible: fixed GUID and timestamps in the XML (wimlib takes them from the clock).
    ft=$(((SOURCE_DATE_EPOCH + 11644473600) * 10000000))
    FILETIME_HI=$(printf '0x%08X' $((ft >> 32))) FILETIME_LO=$(printf '0x%08X' $((ft & 0xFFFFFFFF)))
    HI=$FILETIME_HI LO=$FILETIME_LO perl -0777 -pi -e '
        my $u = sub { join("", map { "$_\0" } split //, $_[0]) };
        my ($hi, $lo) = ($u->($ENV{HI}), $u->($ENV{LO}));
        my $hex = "(?:[0-9A-Fa-f]\0){8}";
        s/(<\0H\0I\0G\0H\0P\0A\0R\0T\0>\0)0\0x\0$hex/$1$hi/g;
        s/(<\0L\0O\0W\0P\0A\0R\0T\0>\0)0\0x\0$hex/$1$lo/g;
        substr($_, 24, 16) = "standin-install!";
    ' "$w/install.wim"
    wiminfo "$w/install.wim" > /dev/null || die "install.wim is broken after patching"
}

# ---------------------------------------------------------------- Secure Boot: the signed chain
# pe_signers FILE: subject/issuer lines of the certificates in a PE file's Authenticode signature (the
# PKCS#7 blob of the first WIN_CERTIFICATE, found through the certificate table data directory).
pe_signers() {
    perl -e '
        use strict; binmode STDOUT; local $/;
        open(my $fh, "<:raw", $ARGV[0]) or die "$ARGV[0]: $!\n"; my $f = <$fh>;
        substr($f, 0, 2) eq "MZ" or die "$ARGV[0]: not a PE file\n";
        my $pe = unpack("V", substr($f, 0x3c, 4));
        substr($f, $pe, 4) eq "PE\0\0" or die "$ARGV[0]: not a PE file\n";
        my $opt = $pe + 24;
        my $dirs = $opt + (unpack("v", substr($f, $opt, 2)) == 0x20b ? 112 : 96);
        my ($off, $size) = unpack("VV", substr($f, $dirs + 4 * 8, 8)); # entry 4: certificate table
        exit 0 unless $size;
        my ($len, $rev, $type) = unpack("Vvv", substr($f, $off, 8));
        $type == 2 or die "$ARGV[0]: certificate type $type is not PKCS#7\n";
        print substr($f, $off + 8, $len - 8);
    ' "$1" > "$WORK/sig.p7" || die "cannot read the signature of $1"
    [ -s "$WORK/sig.p7" ] || return 0
    openssl pkcs7 -inform der -in "$WORK/sig.p7" -print_certs -noout 2> /dev/null || die "the signature of $1 is not PKCS#7"
}
require_signed() { # require_signed FILE ISSUER-CN WHAT: the signing certificate was issued by ISSUER-CN
    pe_signers "$1" > "$WORK/signers.txt"
    grep -q "^issuer=.*CN *= *$2\$" "$WORK/signers.txt" ||
        die "$3 ($1) is not signed by a certificate of '$2' (signers: $(tr '\n' ' ' < "$WORK/signers.txt"))"
}
SHIM="" GRUB_CD="" GRUB_DISK=""
check_signed_chain() {
    SHIM=$WORK/pkgs/shim-signed/usr/lib/shim/shimx64.efi.signed
    GRUB_CD=$WORK/pkgs/grub-efi-amd64-signed/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed
    GRUB_DISK=$WORK/pkgs/grub-efi-amd64-signed/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
    for f in "$SHIM" "$GRUB_CD" "$GRUB_DISK"; do [ -f "$f" ] || die "$f missing in the downloaded packages"; done
    # Firmware db (OVMF_VARS_4M.ms.fd) holds "Microsoft Corporation UEFI CA 2011"; shim trusts Debian's CA,
    # which signs GRUB and the kernel (GRUB asks shim to check the kernel).
    require_signed "$SHIM" "Microsoft Corporation UEFI CA 2011" "shim"
    grep -a -q "Debian Secure Boot CA" "$SHIM" || die "shim ($SHIM) does not carry Debian's Secure Boot CA"
    require_signed "$GRUB_CD" "Debian Secure Boot CA" "GRUB (CD image)"
    require_signed "$GRUB_DISK" "Debian Secure Boot CA" "GRUB"
    require_signed "$WORK/kernel/boot/vmlinuz-$KVER" "Debian Secure Boot CA" "the kernel ($(basename "$KDEB"))"
}

# ---------------------------------------------------------------- boot loaders + installer ISO
GRUB_CMDLINE="console=ttyS0,115200 quiet loglevel=3 8250.nr_uarts=1"
build_installer() {
    local iso=$WORK/iso hot mods
    mkdir -p "$iso/boot/grub" "$iso/boot/standin" "$iso/sources"
    cp "$WORK/kernel/boot/vmlinuz-$KVER" "$iso/boot/standin/vmlinuz"
    cp "$WORK/initrd.gz" "$iso/boot/standin/initrd.gz"
    sed "s|@CMDLINE@|$GRUB_CMDLINE|" "$HERE/grub/disk-grub.cfg" > "$iso/boot/standin/disk-grub.cfg"
    # GRUB for the installed disk: core.img behind an MBR boot.img (BIOS), BOOTX64.EFI (UEFI); both
    # find the partition holding \Windows\Boot\standin\grub.cfg and run it.
    mods="part_msdos part_gpt fat search search_fs_file configfile normal linux echo test serial terminal sleep"
    grub-mkimage -O i386-pc -o "$iso/boot/standin/core.img" -c "$HERE/grub/early.cfg" -p /Windows/Boot/standin biosdisk $mods
    [ "$(stat -c %s "$iso/boot/standin/core.img")" -lt $((2047 * 512)) ] || die "core.img does not fit before the first partition"
    cp /usr/lib/grub/i386-pc/boot.img "$iso/boot/standin/boot.img"
    if [ "$FAULT" = unsigned-loader ]; then
        # An unsigned GRUB (what Secure Boot refuses) with early.cfg built in.
        grub-mkimage -O x86_64-efi -o "$iso/boot/standin/bootx64.efi" -c "$HERE/grub/early.cfg" -p /Windows/Boot/standin $mods efi_gop
    else
        # UEFI: shim as BOOTX64.EFI, Debian's signed GRUB as grubx64.efi beside it (shim runs that), and
        # the config that GRUB's built-in one sources: $prefix/grub.cfg = <ESP>/EFI/debian/grub.cfg.
        cp "$SHIM" "$iso/boot/standin/bootx64.efi"
        cp "$GRUB_DISK" "$iso/boot/standin/grubx64.efi"
        cp "$HERE/grub/early.cfg" "$iso/boot/standin/esp-grub.cfg"
    fi
    # CD boot menu: a hidden menu whose hotkeys stand for "any key"
    grub-editenv "$iso/boot/grub/keys.env" create
    grub-editenv "$iso/boot/grub/keys.env" set kcr=$'\r' klf=$'\n' kesc=$'\e'
    {
        sed -e "s|@CMDLINE@|$GRUB_CMDLINE|" -e "s|@TIMEOUT@|${STANDIN_PROMPT_SECONDS:-5}|" "$HERE/grub/iso-grub.cfg"
        echo '# "any key": every entry below starts Setup'
        for hot in '$kcr' '$klf' '$kesc' ' ' tab backspace delete insert f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 f11 f12 \
            a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
            0 1 2 3 4 5 6 7 8 9; do
            echo "menuentry \"key\" --hotkey=\"$hot\" { standin_setup }"
        done
    } > "$iso/boot/grub/grub.cfg"
    # CD boot images, named like a Windows ISO's: boot/etfsboot.com (BIOS El Torito) and
    # efi/microsoft/boot/efisys.bin (a FAT image holding EFI/BOOT/BOOTX64.EFI). BIOS: a GRUB image with
    # every module it needs built in (no module directories, nothing autoloaded) that finds the CD by a
    # file and runs boot/grub/grub.cfg. UEFI: shim + Debian's signed CD GRUB (gcdx64.efi as grubx64.efi),
    # whose built-in config sources $prefix/grub.cfg = (cd0)/boot/grub/grub.cfg, the same file; Secure
    # Boot forbids loading modules, and gcdx64 has every one the config uses built in (normal, configfile,
    # linux, search, regexp, loadenv, chain, test, echo, serial, terminal, sleep, iso9660, fat, part_gpt,
    # efi_gop). Fault unsigned-loader: an unsigned grub-mkimage image instead of shim.
    mods="normal configfile linux search search_fs_file regexp loadenv chain test echo serial terminal sleep halt iso9660 fat part_msdos part_gpt"
    grub-mkimage -O i386-pc-eltorito -o "$iso/boot/etfsboot.com" -c "$HERE/grub/cd-early.cfg" -p /boot/grub biosdisk $mods
    mkdir -p "$iso/efi/microsoft/boot" "$WORK/efisys/EFI/BOOT"
    if [ "$FAULT" = unsigned-loader ]; then
        grub-mkimage -O x86_64-efi -o "$WORK/efisys/EFI/BOOT/BOOTX64.EFI" -c "$HERE/grub/cd-early.cfg" -p /boot/grub $mods efi_gop
    else
        cp "$SHIM" "$WORK/efisys/EFI/BOOT/BOOTX64.EFI"
        cp "$GRUB_CD" "$WORK/efisys/EFI/BOOT/grubx64.efi"
    fi
    find "$WORK/efisys" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    local efisys=$iso/efi/microsoft/boot/efisys.bin mib
    mib=$(($(du -s -B 1M --apparent-size "$WORK/efisys" | cut -f1) + 1)) # FAT overhead: < 1 MiB here
    truncate -s "${mib}M" "$efisys"
    mformat -i "$efisys" -N 5354414e -v EFISYS -h 64 -s 32 -T $((mib * 2048)) ::
    mcopy -s -m -i "$efisys" "$WORK/efisys/EFI" ::/
    cp "$WORK/wim/install.wim" "$iso/sources/install.wim"
    printf 'MZ stand-in setup.exe: this disc stands in for a Windows installation disc.\r\n' > "$iso/setup.exe"
    printf 'Stand-in for a Windows installation ISO, made by bake-windows-image test/standin/build.sh.\r\nBoot it: it behaves like Windows Setup from the outside. See test/standin/README.md.\r\n' > "$iso/README.txt"
    find "$iso" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    xorriso -as mkisofs -quiet -o "$WORK/installer.iso" -V CCCOMA_X64FRE_EN-US_DV9 -J -joliet-long -r \
        -b boot/etfsboot.com -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
        -eltorito-alt-boot -e efi/microsoft/boot/efisys.bin -no-emul-boot \
        "$iso" > "$WORK/xorriso.log" 2>&1 || { cat "$WORK/xorriso.log" >&2; die "xorriso (installer) failed"; }
    # older builds of the same kind (installer-HASH.iso must not match installer-FAULT-HASH.iso)
    find "$CACHE/iso" -maxdepth 1 -regextype posix-extended -regex ".*/installer$SUFFIX-[0-9a-f]{16}\.iso" -delete
    mv "$WORK/installer.iso" "$CACHED_INST"
}

# ---------------------------------------------------------------- main
if [ ! -f "$CACHED_VIRTIO" ] || [ ! -f "$CACHED_INST" ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/standin-build.XXXXXX")
fi
if [ ! -f "$CACHED_VIRTIO" ]; then
    say "building the virtio-win stand-in"
    build_virtio
fi
if [ ! -f "$CACHED_INST" ]; then
    say "building the installer stand-in${FAULT:+ (fault $FAULT)}"
    extract_debs
    extract_kernel
    check_signed_chain
    build_initramfs
    build_wim
    build_installer
fi
install_iso "$CACHED_VIRTIO" "$VIRTIO_ISO"
install_iso "$CACHED_INST" "$INST_ISO"
ls -l "$INST_ISO" "$VIRTIO_ISO" | awk '{ print "standin-build: " $5 " bytes  " $NF }' >&2
echo "$INST_ISO"
echo "$VIRTIO_ISO"
