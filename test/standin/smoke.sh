#!/usr/bin/env bash
# shellcheck disable=SC2054 # commas inside QEMU arguments are not array separators
# smoke.sh [CASE...] - boot the stand-in guest under QEMU (TCG) the way bake-windows-image does and
# check the behaviour contract of README.md. Without arguments runs: bios uefi no-key no-joliet
# setup-driverpaths wrong-image. Other cases: reboot-installed (boots the disk left by the last
# bios/uefi case again and powers it off with QMP system_powerdown), virtio-blk, winpedriver,
# win11-no-bypass, wrong-layout, uefi-secure (Secure Boot with Microsoft's keys + swtpm, 4 GB,
# Windows 11 without LabConfig bypasses), trim (ReTrim and defrag /L with discard_granularity=65536, their
# failures without it, the zero-fill emulation), provision (SFTP uploads, scripts run through the provisioning
# wrapper: output, streaming, exit codes 0/3010/7, a reboot), bad-msi (an openssh\OpenSSH-Win64*.msi that is no MSI stops
# first-logon.ps1), fault-never-ready, fault-poweroff-early,
# fault-wrong-account, fault-ssh-late, fault-unsigned-loader (refused under Secure Boot),
# fault-sshd-fails, fault-guest-tools-fail, fault-ssh-never, fault-trim-unsupported, updates and
# fault-update-{fails,reboot-loop,hangs} (Windows Update rounds: smoke-updates.sh); "all" runs every case.
# Environment: SMOKE_DIR (work dir, default a temp dir), SMOKE_KEEP=1 keeps it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIX=$HERE/fixtures
DIR=${SMOKE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/standin-smoke.XXXXXX")}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
MEDIA=$DIR/media
USER_NAME=bake
USER_PW=$'Pa<&>"\'ss!1'
MARKER='bake-windows-image: guest ready'

for t in qemu-system-x86_64 qemu-img xorrisofs socat sshpass ssh perl iconv base64; do
    command -v "$t" > /dev/null || {
        echo "smoke: missing $t (apt-get install qemu-system-x86 qemu-utils xorriso socat sshpass openssh-client)" >&2
        exit 2
    }
done

log() { echo "smoke: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

QPID="" SPID=""
cleanup() {
    if [ -n "$QPID" ] && kill -0 "$QPID" 2> /dev/null; then kill "$QPID" 2> /dev/null || true; wait "$QPID" 2> /dev/null || true; fi
    stop_tpm
    stop_timer
    if [ -z "${SMOKE_KEEP:-}" ] && [ -z "${SMOKE_DIR:-}" ]; then rm -rf "$DIR"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- media
build() { # build [FAULT]
    if [ -n "${1:-}" ]; then "$HERE/build.sh" "$MEDIA" --fault "$1" > /dev/null; else "$HERE/build.sh" "$MEDIA" > /dev/null; fi
}
answer_iso() { # answer_iso NAME XMLFILE [nojoliet|winpedriver|badmsi]
    local d=$DIR/answer-$1
    rm -rf "$d"; mkdir -p "$d/root"
    cp "$2" "$d/root/autounattend.xml"
    cp "$FIX/first-logon.ps1" "$d/root/first-logon.ps1"
    if [ "${3:-}" = winpedriver ]; then
        mkdir -p "$d/root/\$WinPEDriver\$/vioscsi"
        printf '[Version]\r\nSignature="$WINDOWS NT$"\r\n' > "$d/root/\$WinPEDriver\$/vioscsi/vioscsi.inf"
    fi
    if [ "${3:-}" = badmsi ]; then # an "MSI" without the OLE compound file signature
        mkdir -p "$d/root/openssh"
        printf 'not an MSI\r\n' > "$d/root/openssh/OpenSSH-Win64-v0.0.0.0.msi"
    fi
    if [ "${3:-}" = nojoliet ]; then
        xorrisofs -quiet -r -V AUTOUNATTEND -o "$d/answer.iso" "$d/root"
    else
        xorrisofs -quiet -J -joliet-long -r -V AUTOUNATTEND -o "$d/answer.iso" "$d/root"
    fi
    echo "$d/answer.iso"
}
variant() { # variant NAME PERL-EXPR [BASE] -> path of a rewritten copy of the fixture
    local f=$DIR/autounattend-$1.xml
    perl -0777 -pe "$2" "${3:-$FIX/autounattend.xml}" > "$f"
    echo "$f"
}
bios_xml() {
    variant bios '
        s{<DiskConfiguration>.*</DiskConfiguration>}{<DiskConfiguration>
        <Disk wcm:action="add">
          <DiskID>0</DiskID>
          <WillWipeDisk>true</WillWipeDisk>
          <CreatePartitions>
            <CreatePartition wcm:action="add"><Order>1</Order><Type>Primary</Type><Size>100</Size></CreatePartition>
            <CreatePartition wcm:action="add"><Order>2</Order><Type>Primary</Type><Extend>true</Extend></CreatePartition>
          </CreatePartitions>
          <ModifyPartitions>
            <ModifyPartition wcm:action="add"><Order>1</Order><PartitionID>1</PartitionID><Format>NTFS</Format><Label>System Reserved</Label><Active>true</Active></ModifyPartition>
            <ModifyPartition wcm:action="add"><Order>2</Order><PartitionID>2</PartitionID><Format>NTFS</Format><Label>Windows</Label><Letter>C</Letter></ModifyPartition>
          </ModifyPartitions>
        </Disk>
      </DiskConfiguration>}s;
        s{<PartitionID>3</PartitionID></InstallTo>}{<PartitionID>2</PartitionID></InstallTo>}s;'
}

# ---------------------------------------------------------------- QEMU, the way the builder runs it
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
qmp() { # qmp WORK JSON...
    local w=$1; shift
    { echo '{"execute":"qmp_capabilities"}'; for c in "$@"; do echo "$c"; done; sleep 0.3; } |
        socat - "UNIX-CONNECT:$w/qmp.sock" > /dev/null 2>&1 || true
}
start_vm() { # start_vm WORK FIRMWARE INSTALLER ANSWER [DISKBUS]
    local w=$1 fw=$2 inst=$3 ans=$4 bus=${5:-scsi} mem=768 smm=off
    local -a fwargs=() diskargs=()
    mkdir -p "$w"
    rm -f "$w/serial.log" "$w/qmp.sock"
    [ -f "$w/disk.qcow2" ] || qemu-img create -q -f qcow2 "$w/disk.qcow2" 2G
    if [ "$fw" = uefi ]; then
        [ -f "$w/OVMF_VARS.fd" ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd "$w/OVMF_VARS.fd"
        fwargs=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
            -drive "if=pflash,format=raw,file=$w/OVMF_VARS.fd")
    elif [ "$fw" = uefi-secure ]; then
        # Secure Boot with Microsoft's keys enrolled (needs SMM) and a TPM 2.0 from swtpm; 4 GB so that
        # Windows 11 Setup's own checks pass without LabConfig bypasses.
        command -v swtpm > /dev/null || { log "missing swtpm (apt-get install swtpm)"; return 1; }
        [ -f "$w/OVMF_VARS.fd" ] || cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$w/OVMF_VARS.fd"
        mkdir -p "$w/tpm"
        rm -f "$w/swtpm.sock"
        swtpm socket --tpm2 --tpmstate "dir=$w/tpm" --ctrl "type=unixio,path=$w/swtpm.sock" --flags startup-clear \
            --terminate > "$w/swtpm.log" 2>&1 &
        SPID=$!
        for _ in $(seq 50); do [ -S "$w/swtpm.sock" ] && break; sleep 0.1; done
        [ -S "$w/swtpm.sock" ] || { log "swtpm did not start: $(cat "$w/swtpm.log")"; return 1; }
        mem=4096 smm=on
        fwargs=(-global driver=cfi.pflash01,property=secure,value=on
            -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
            -drive "if=pflash,format=raw,file=$w/OVMF_VARS.fd"
            -chardev "socket,id=chrtpm,path=$w/swtpm.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-crb,tpmdev=tpm0)
    fi
    # discard_granularity=65536 (the qcow2 cluster size) as the builder sets it: current Windows 11 with
    # vioscsi fails TRIM without it. DISCARD_GRAN= (empty) leaves QEMU's default (4096 for scsi-hd).
    local gran=${DISCARD_GRAN-65536}
    if [ "$bus" = blk ]; then
        diskargs=(-drive "if=none,id=disk0,file=$w/disk.qcow2,format=qcow2,cache=unsafe,discard=unmap,detect-zeroes=unmap"
            -device virtio-blk-pci,drive=disk0,bootindex=2)
    else
        diskargs=(-device virtio-scsi-pci,id=scsi0
            -drive "if=none,id=disk0,file=$w/disk.qcow2,format=qcow2,cache=unsafe,discard=unmap,detect-zeroes=unmap"
            -device "scsi-hd,drive=disk0,bus=scsi0.0,bootindex=2${gran:+,discard_granularity=$gran}")
    fi
    PORT=$(free_port)
    qemu-system-x86_64 -machine "q35,smm=$smm" -accel tcg -cpu max -m "$mem" -smp 1 -display none -vga std \
        -serial "file:$w/serial.log" -qmp "unix:$w/qmp.sock,server=on,wait=off" \
        -device ahci,id=ahci \
        -drive "if=none,id=cd0,media=cdrom,readonly=on,file=$inst" -device ide-cd,drive=cd0,bus=ahci.0,bootindex=1 \
        -drive "if=none,id=cd1,media=cdrom,readonly=on,file=$MEDIA/standin-virtio-win.iso" -device ide-cd,drive=cd1,bus=ahci.1 \
        -drive "if=none,id=cd2,media=cdrom,readonly=on,file=$ans" -device ide-cd,drive=cd2,bus=ahci.2 \
        "${diskargs[@]}" \
        -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$PORT-:22" -device virtio-net-pci,netdev=net0 \
        "${fwargs[@]}" > "$w/qemu.log" 2>&1 &
    QPID=$!
    T0=$(now)
    KEYSENT=""
    # serial.timed: the serial log with the seconds since QEMU started, for timing reports
    (tail -F -s 0.2 -n +1 "$w/serial.log" 2> /dev/null | while IFS= read -r line; do
        printf '%6.1f %s\n' "$(since "$T0")" "${line//$'\e'/}"
    done > "$w/serial.timed") 2> /dev/null &
    TPID=$!
}
# poll the serial log; send the one key at the first prompt when SENDKEY=1
watch_until() { # watch_until WORK TIMEOUT PATTERN... -> 0 when a pattern shows, 1 on timeout, 2 when QEMU exits
    local w=$1 timeout=$2; shift 2
    local deadline=$(($(date +%s) + timeout)) p
    while [ "$(date +%s)" -lt "$deadline" ]; do
        # The key goes to the first boot only: a key at a later prompt would restart Setup (on BIOS the
        # first boot from a blank disk has no prompt at all, so no key is sent there).
        if [ "${SENDKEY:-}" = 1 ] && [ -z "$KEYSENT" ] && [ -f "$w/serial.log" ] &&
            ! grep -a -q 'standin: reboot' "$w/serial.log" &&
            grep -a -q -e 'Press any key to boot from CD or DVD' -e 'BdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM' "$w/serial.log"; then
            qmp "$w" '{"execute":"send-key","arguments":{"keys":[{"type":"qcode","data":"ret"}]}}'
            KEYSENT=$(since "$T0")
            log "  key sent at ${KEYSENT}s"
        fi
        for p in "$@"; do
            if [ -f "$w/serial.log" ] && grep -a -q -e "$p" "$w/serial.log"; then return 0; fi
        done
        if [ -n "${STOP_ON_STUCK:-}" ] && [ -f "$w/serial.log" ] && grep -a -q 'standin: waiting forever' "$w/serial.log"; then return 3; fi
        kill -0 "$QPID" 2> /dev/null || return 2
        sleep 0.2
    done
    return 1
}
stop_vm() {
    if [ -n "$QPID" ] && kill -0 "$QPID" 2> /dev/null; then kill "$QPID"; fi
    wait "$QPID" 2> /dev/null || true
    QPID=""
    stop_tpm
    stop_timer
}
stop_tpm() { # swtpm --terminate ends with QEMU's connection; make sure
    if [ -n "$SPID" ] && kill -0 "$SPID" 2> /dev/null; then kill "$SPID" 2> /dev/null || true; fi
    [ -z "$SPID" ] || wait "$SPID" 2> /dev/null || true
    SPID=""
}
stop_timer() {
    if [ -n "${TPID:-}" ]; then sleep 0.3; pkill -P "$TPID" 2> /dev/null || true; kill "$TPID" 2> /dev/null || true; wait "$TPID" 2> /dev/null || true; fi
    TPID=""
}
wait_exit() { # wait_exit TIMEOUT -> 0 when QEMU exited by itself
    local deadline=$(($(date +%s) + $1))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        kill -0 "$QPID" 2> /dev/null || { wait "$QPID" 2> /dev/null || true; QPID=""; stop_tpm; stop_timer; return 0; }
        sleep 0.2
    done
    return 1
}
enc() { printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE | base64 -w0; }
ssh_run() { # ssh_run PASSWORD COMMAND
    sshpass -p "$1" ssh -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
        -o PreferredAuthentications=password -o PubkeyAuthentication=no -o ConnectTimeout=5 \
        "$USER_NAME@127.0.0.1" "$2"
}
ssh_until() { # ssh_until TIMEOUT PASSWORD COMMAND -> output of the first successful run
    local deadline=$(($(date +%s) + $1)) o
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if o=$(ssh_run "$2" "$3" 2> /dev/null); then printf '%s' "$o"; return 0; fi
        sleep 1
    done
    return 1
}
fail() {
    log "FAIL: $*"
    if [ -n "${W:-}" ] && [ -f "$W/serial.log" ]; then
        log "---- last lines of $W/serial.log"
        tail -n 25 "$W/serial.log" | tr -d '\033' | sed 's/^/  | /' >&2
    fi
    stop_vm
    FAILED="$FAILED $CASE"
}
pass() { log "PASS: $CASE ($*)"; PASSED="$PASSED $CASE"; }

# ---------------------------------------------------------------- cases
full_cycle() { # full_cycle FIRMWARE [DISKBUS]
    local fw=$1 bus=${2:-scsi} xml ans out t_ready t_ssh on=""
    build
    case $fw in
    bios) xml=$(bios_xml) ;;
    uefi-secure) xml=$(variant uefi-secure 's{<RunSynchronous>.*?</RunSynchronous>}{}s') ;; # no LabConfig bypass
    *) xml=$FIX/autounattend.xml ;;
    esac
    ans=$(answer_iso "$CASE" "$xml")
    W=$DIR/$CASE
    rm -rf "$W"
    SENDKEY=1 start_vm "$W" "$fw" "$MEDIA/standin-installer.iso" "$ans" "$bus" || { fail "VM did not start"; return; }
    STOP_ON_STUCK=1 SENDKEY=1 watch_until "$W" 240 "$MARKER" || { fail "no '$MARKER' in serial.log"; return; }
    t_ready=$(since "$T0")
    out=$(ssh_until 60 "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Test-Path -LiteralPath 'C:\\smolvm-ready.txt'")") ||
        { fail "SSH login / Test-Path failed"; return; }
    [ "$(printf '%s' "$out" | tr -d '\r\n')" = True ] || { fail "Test-Path printed '$out'"; return; }
    t_ssh=$(since "$T0")
    out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "\$env:COMPUTERNAME; whoami; Get-Content -Raw -LiteralPath 'C:\\smolvm-ready.txt'; Optimize-Volume -DriveLetter C -ReTrim")" | tr -d '\r' | tr '\n' ' ')
    [ "$out" = "BAKE-TEST bake-test\\bake ready " ] || { fail "unexpected output '$out'"; return; }
    out=$(ssh_run "$USER_PW" "defrag C: /L" | tr -d '\r') || { fail "defrag C: /L failed: $out"; return; }
    [[ "$out" == *"Invoking retrim on Windows (C:)..."*"The operation completed successfully."* ]] || { fail "defrag C: /L printed '$out'"; return; }
    if [ "$fw" = uefi-secure ]; then
        out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Confirm-SecureBootUEFI")" | tr -d '\r\n')
        [ "$out" = True ] || { fail "Confirm-SecureBootUEFI printed '$out'"; return; }
        grep -a -q 'windowsPE: Windows 11 requirements met: TPM 2.0, Secure Boot, 4 GB of memory; bypassed (LabConfig): none' "$W/serial.log" ||
            { fail "Setup did not report the Windows 11 requirements as met"; return; }
        on=$(grep -a -c 'UEFI Secure Boot: on (SecureBoot=1 SetupMode=0; kernel: Secure boot enabled; lockdown: integrity)' "$W/serial.log" || true)
        [ "$on" = 3 ] || { fail "'UEFI Secure Boot: on' on $on boots, not 3"; return; }
    fi
    ssh_run "$USER_PW" "shutdown /s /t 0 /f" > /dev/null 2>&1 || true
    wait_exit 60 || { fail "QEMU still running 60 s after shutdown /s"; return; }
    local reboots
    reboots=$(grep -a -c -E 'standin: reboot [0-9]' "$W/serial.log" || true)
    [ "$reboots" -ge 2 ] || { fail "only $reboots reboots"; return; }
    local k=none
    [ -z "$KEYSENT" ] || k=${KEYSENT}s
    FC_RESULT="$fw/$bus: key at $k, ready at ${t_ready}s, SSH ok at ${t_ssh}s, powered off at $(since "$T0")s, $reboots reboots${on:+, Secure Boot on at $on boots}"
    LAST_DISK_CASE=$CASE LAST_FW=$fw LAST_ANS=$ans
    if [ -n "${FC_QUIET:-}" ]; then log "  full cycle: $FC_RESULT"; else pass "$FC_RESULT"; fi
}

expect_stuck() { # expect_stuck FIRMWARE ANSWER-ISO PATTERN SENDKEY [INSTALLER]
    W=$DIR/$CASE
    rm -rf "$W"
    SENDKEY=$4 start_vm "$W" "$1" "${5:-$MEDIA/standin-installer.iso}" "$2" || { fail "VM did not start"; return; }
    local rc=0
    SENDKEY=$4 watch_until "$W" 150 "$3" || rc=$?
    if [ $rc != 0 ]; then fail "expected '$3' (rc $rc)"; return; fi
    local t
    t=$(since "$T0")
    # and it stays stuck: no progress, never ready
    sleep 5
    if grep -a -q -e "$MARKER" -e 'standin: reboot' "$W/serial.log"; then fail "went on after '$3'"; return; fi
    kill -0 "$QPID" 2> /dev/null || { fail "QEMU exited"; return; }
    stop_vm
    pass "'$3' at ${t}s, still waiting 5 s later"
}

case_no_key() {
    build
    local ans
    ans=$(answer_iso "$CASE" "$FIX/autounattend.xml")
    expect_stuck uefi "$ans" "standin: no key pressed" 0
    if grep -a -q 'windowsPE' "$W/serial.log"; then fail "Setup started without a key"; fi
}
case_no_joliet() {
    build
    expect_stuck bios "$(answer_iso "$CASE" "$(bios_xml)" nojoliet)" "no answer file found" 1
}
case_setup_driverpaths() {
    build
    local xml
    xml=$(variant setup-driverpaths '
        s{(<component name="Microsoft-Windows-PnpCustomizationsWinPE"[^>]*>\s*)(<DriverPaths>.*?</DriverPaths>)(\s*</component>)}{$1$3}s;
        my $dp = $2;
        s{(<component name="Microsoft-Windows-Setup"[^>]*>)}{$1\n      $dp}s;' "$(bios_xml)")
    grep -q '<component name="Microsoft-Windows-Setup"[^>]*>' "$xml"
    expect_stuck bios "$(answer_iso "$CASE" "$xml")" "We couldn't find any drives" 1
}
case_wrong_image() {
    build
    local xml
    xml=$(variant wrong-image 's{<Value>Windows 11 Pro</Value>}{<Value>Windows 11 Pro X</Value>}' "$(bios_xml)")
    expect_stuck bios "$(answer_iso "$CASE" "$xml")" "Windows cannot find the install image name" 1
}
expect_progress() { # expect_progress FIRMWARE ANSWER-ISO PATTERN
    W=$DIR/$CASE
    rm -rf "$W"
    start_vm "$W" "$1" "$MEDIA/standin-installer.iso" "$2"
    local rc=0
    STOP_ON_STUCK=1 SENDKEY=0 watch_until "$W" 150 "$3" || rc=$?
    if [ $rc != 0 ]; then fail "expected '$3' (rc $rc)"; return; fi
    local t
    t=$(since "$T0")
    stop_vm
    pass "'$3' at ${t}s"
}
case_winpedriver() {
    build
    local xml
    xml=$(variant winpedriver 's{<component name="Microsoft-Windows-PnpCustomizationsWinPE".*?</component>}{}s' "$(bios_xml)")
    expect_progress bios "$(answer_iso "$CASE" "$xml" winpedriver)" "windowsPE: copying files"
}
case_win11_no_bypass() {
    build
    local xml
    xml=$(variant win11-no-bypass 's{<RunSynchronous>.*?</RunSynchronous>}{}s' "$(bios_xml)")
    expect_stuck bios "$(answer_iso "$CASE" "$xml")" "This PC can't run Windows 11" 0
}
case_wrong_layout() {
    build
    expect_stuck bios "$(answer_iso "$CASE" "$FIX/autounattend.xml")" "EFI and MSR partitions are for UEFI" 0
}
case_bad_msi() {
    build
    W=$DIR/$CASE
    rm -rf "$W"
    SENDKEY=1 start_vm "$W" bios "$MEDIA/standin-installer.iso" "$(answer_iso "$CASE" "$(bios_xml)" badmsi)"
    expect_step_failed 'install OpenSSH Server' 'F:\openssh\OpenSSH-Win64-v0.0.0.0.msi is not a Windows Installer package' || return
    stop_vm
    pass "FAILED + guest failed lines for 'install OpenSSH Server', no ready line"
}
case_reboot_installed() {
    [ -n "${LAST_DISK_CASE:-}" ] || { log "reboot-installed needs a bios or uefi case before it"; FAILED="$FAILED $CASE"; return; }
    W=$DIR/$LAST_DISK_CASE
    SENDKEY=0 start_vm "$W" "$LAST_FW" "$MEDIA/standin-installer.iso" "$LAST_ANS"
    SENDKEY=0 watch_until "$W" 120 "standin: Windows is running" || { fail "installed disk did not come up"; return; }
    local t
    t=$(since "$T0")
    if grep -a -q windowsPE "$W/serial.log"; then fail "Setup ran again"; return; fi
    ssh_until 30 "$USER_PW" "hostname" > /dev/null || { fail "no SSH after reboot"; return; }
    qmp "$W" '{"execute":"system_powerdown"}'
    wait_exit 60 || { fail "QEMU still running 60 s after system_powerdown"; return; }
    pass "$LAST_FW: running at ${t}s, ACPI power button -> off at $(since "$T0")s"
}
# trim: a full cycle with discard_granularity=65536 (ReTrim and defrag /L work, checked in full_cycle), then
# the installed disk booted again with QEMU's default granularity: both fail like Windows, and the zero-fill
# emulation writes the free space of C: full of zeros (holes in the qcow2 through detect-zeroes=unmap).
case_trim() {
    local out rc before after t zf
    FC_QUIET=1 FC_RESULT=""
    full_cycle bios
    FC_QUIET=""
    [ -n "$FC_RESULT" ] || return
    W=$DIR/$CASE
    DISCARD_GRAN="" SENDKEY=0 start_vm "$W" bios "$MEDIA/standin-installer.iso" "$LAST_ANS"
    SENDKEY=0 watch_until "$W" 120 "standin: Windows is running" || { fail "installed disk did not come up"; return; }
    t=$(since "$T0")
    grep -a -q 'storage: C: on sda (virtio-scsi, discard granularity 4096 bytes): retrim incorrect-function' "$W/serial.log" ||
        { fail "no 'retrim incorrect-function' storage line for QEMU's default granularity"; return; }
    rc=0
    out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Optimize-Volume -DriveLetter C -ReTrim")" 2>&1) || rc=$?
    out=$(printf '%s' "$out" | tr -d '\r')
    [ $rc = 1 ] && [[ "$out" == "Optimize-Volume : Incorrect function."*"FullyQualifiedErrorId : StorageWMI 1,Optimize-Volume"* ]] ||
        { fail "Optimize-Volume -ReTrim: rc $rc, '$out'"; return; }
    rc=0
    out=$(ssh_run "$USER_PW" "defrag C: /L" 2>&1) || rc=$?
    out=$(printf '%s' "$out" | tr -d '\r')
    [ $rc != 0 ] && [[ "$out" == *"Incorrect function. (0x80070001)"* ]] || { fail "defrag C: /L: rc $rc, '$out'"; return; }
    before=$(qemu-img info -U --output=json "$W/disk.qcow2" | awk -F'[:,]' '/"actual-size"/ { print $2; exit }')
    out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $(enc $'# bake-windows-image: zero-fill the free space of C:\r\n$ErrorActionPreference = \'Stop\'\r\n# (the loop that writes zeros: not interpreted by the stand-in)')" | tr -d '\r') ||
        { fail "zero-fill failed: '$out'"; return; }
    [[ "$out" =~ ^zero-filled\ [0-9]+\ MiB\ of\ free\ space\ on\ C:$ ]] || { fail "zero-fill printed '$out'"; return; }
    zf=$out
    after=$(qemu-img info -U --output=json "$W/disk.qcow2" | awk -F'[:,]' '/"actual-size"/ { print $2; exit }')
    [ "$after" -le $((before + 64 * 1048576)) ] || { fail "the zeros were allocated in the qcow2 ($before -> $after bytes)"; return; }
    out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Test-Path -LiteralPath 'C:\\bake-windows-image-zero-fill.tmp'")" | tr -d '\r\n')
    [ "$out" = False ] || { fail "the zero-fill file is still there"; return; }
    ssh_run "$USER_PW" "shutdown /s /t 0 /f" > /dev/null 2>&1 || true
    wait_exit 60 || { fail "QEMU still running 60 s after shutdown /s"; return; }
    pass "$FC_RESULT; without discard_granularity (running at ${t}s): ReTrim and defrag /L fail with Incorrect function, '$zf', qcow2 actual-size $((before / 1048576)) -> $((after / 1048576)) MiB"
}

# provision: the provisioning contract of notes/nightly-baseline.md. A BIOS cycle, then the installed disk
# again: scripts uploaded with the openssh client's sftp to /C:/Windows/Temp/bake-windows-image/provision/, run
# through the host's wrapper (-EncodedCommand), their output, exit codes and streaming checked; a reboot with
# shutdown /r /t 0 /f and SSH coming back.
sftp_batch() { # sftp_batch BATCHFILE (sftp -b sets BatchMode, which would refuse sshpass's password)
    sshpass -p "$USER_PW" sftp -P "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
        -o PreferredAuthentications=password -o PubkeyAuthentication=no -o BatchMode=no -b "$1" "$USER_NAME@127.0.0.1"
}
wrapper() { # wrapper NN-NAME -> the base64 of the provisioning wrapper for that script, as the host renders it
    local run='& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $script'
    case $1 in *.cmd | *.bat) run='& cmd.exe /c $script' ;; esac
    enc "$(printf '%s\r\n' '# bake-windows-image: run a provisioning script' "\$ErrorActionPreference = 'Continue'" \
        "\$env:BAKE_IMAGE_OS = 'w11'" "\$env:BAKE_IMAGE_EDITION = 'Windows 11 Pro'" "\$env:BAKE_IMAGE_FIRMWARE = 'bios'" \
        "\$env:BAKE_IMAGE_BUILD_ID = 'smoke-1'" "\$env:BAKE_IMAGE_BASE = 'none'" "\$env:BAKE_IMAGE_SCRIPT = '$1'" \
        "\$env:BAKE_TEST_QUOTE = 'it''s \"quoted\"'" "\$script = 'C:\\Windows\\Temp\\bake-windows-image\\provision\\$1'" \
        "$run" 'exit $LASTEXITCODE')"
}
provision_run() { # provision_run NN-NAME -> PRUN_OUT (stdout), PRUN_ERR (stderr), PRUN_RC (the exit-status whole)
    rm -f "$W/prun.out" "$W/prun.err" "$W/prun.ssh"
    # ssh exits with 8 bits of the remote status (3010 -> 194); its debug log has all of it
    sshpass -p "$USER_PW" ssh -v -E "$W/prun.ssh" -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o PreferredAuthentications=password -o PubkeyAuthentication=no -o ConnectTimeout=5 "$USER_NAME@127.0.0.1" \
        "powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $(wrapper "$1")" > "$W/prun.out" 2> "$W/prun.err" || true
    PRUN_RC=$(sed -n 's/^debug1: Exit status \(-\{0,1\}[0-9]*\).*$/\1/p' "$W/prun.ssh" | tail -n 1)
    PRUN_OUT=$(tr -d '\r' < "$W/prun.out") PRUN_ERR=$(tr -d '\r' < "$W/prun.err")
}
case_provision() {
    local out t s pd=/C:/Windows/Temp/bake-windows-image/provision runs
    FC_QUIET=1 FC_RESULT=""
    full_cycle bios
    FC_QUIET=""
    [ -n "$FC_RESULT" ] || return
    W=$DIR/$CASE
    SENDKEY=0 start_vm "$W" bios "$MEDIA/standin-installer.iso" "$LAST_ANS"
    SENDKEY=0 watch_until "$W" 120 "standin: Windows is running" || { fail "installed disk did not come up"; return; }
    ssh_until 30 "$USER_PW" hostname > /dev/null || { fail "no SSH"; return; }
    t=$(since "$T0")
    s=$W/scripts
    rm -rf "$s"; mkdir -p "$s"
    printf '%s\r\n' '# 01: environment, streaming, a non-terminating error, reboot required' \
        'Write-Output "os=$env:BAKE_IMAGE_OS edition=$env:BAKE_IMAGE_EDITION script=$env:BAKE_IMAGE_SCRIPT quote=$env:BAKE_TEST_QUOTE"' \
        "Write-Host 'before the sleep'" 'Start-Sleep -Seconds 3' "echo 'after the sleep'" "Write-Error 'a non-terminating error'" \
        'exit 3010' > "$s/01-env.ps1"
    printf '%s\r\n' '@echo off' 'rem 02: cmd, environment' ':: a comment' 'echo os=%BAKE_IMAGE_OS% base=%BAKE_IMAGE_BASE% quote=%BAKE_TEST_QUOTE%' \
        'set GREETING=hello there' 'echo greeting=%GREETING% undefined=[%NOT_SET%]' 'hostname' > "$s/02-env.cmd"
    printf '%s\r\n' '@echo off' 'echo failing with 7' 'exit /b 7' 'echo not reached' > "$s/03-fail.bat"
    printf '%s\n' "-mkdir /C:/Windows/Temp/bake-windows-image" "-mkdir $pd" "put $s/01-env.ps1 $pd/01-env.ps1" \
        "put $s/02-env.cmd C:/Windows/Temp/bake-windows-image/provision/02-env.cmd" "put $s/03-fail.bat $pd/03-fail.bat" \
        "ls -1 $pd" > "$s/batch"
    out=$(sftp_batch "$s/batch" 2>&1) || { fail "sftp failed: $out"; return; }
    [[ "$out" == *"$pd/01-env.ps1"*"$pd/02-env.cmd"*"$pd/03-fail.bat"* ]] || { fail "sftp ls printed '$out'"; return; }
    out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Test-Path -LiteralPath 'C:\\Windows\\Temp\\bake-windows-image\\provision\\02-env.cmd'; Get-Content -LiteralPath 'C:\\Windows\\Temp\\bake-windows-image\\provision\\03-fail.bat' -Tail 1")" | tr -d '\r' | tr '\n' ' ')
    [ "$out" = "True echo not reached " ] || { fail "the uploaded files over winsh: '$out'"; return; }
    # 01: streamed (the line before the sleep arrives while the one after it has not), exit code 3010
    PRUN_RC=0
    (provision_run 01-env.ps1; echo "$PRUN_RC" > "$W/prun.rc") &
    local bg=$! seen=""
    while kill -0 "$bg" 2> /dev/null; do
        if grep -q 'before the sleep' "$W/prun.out" 2> /dev/null; then
            grep -q 'after the sleep' "$W/prun.out" && seen=late || seen=streamed
            break
        fi
        sleep 0.1
    done
    wait "$bg"
    [ "$seen" = streamed ] || { fail "01-env.ps1: 'before the sleep' did not arrive before the sleep ended ($seen)"; return; }
    PRUN_OUT=$(tr -d '\r' < "$W/prun.out") PRUN_ERR=$(tr -d '\r' < "$W/prun.err") PRUN_RC=$(cat "$W/prun.rc")
    [ "$PRUN_OUT" = $'os=w11 edition=Windows 11 Pro script=01-env.ps1 quote=it\'s "quoted"\nbefore the sleep\nafter the sleep' ] ||
        { fail "01-env.ps1 printed '$PRUN_OUT'"; return; }
    [[ "$PRUN_ERR" == 'C:\Windows\Temp\bake-windows-image\provision\01-env.ps1 : a non-terminating error'* ]] || { fail "01-env.ps1 stderr '$PRUN_ERR'"; return; }
    [ "$PRUN_RC" = 3010 ] || { fail "01-env.ps1 exited with $PRUN_RC, not 3010"; return; }
    provision_run 02-env.cmd
    [ "$PRUN_RC" = 0 ] && [ "$PRUN_OUT" = $'os=w11 base=none quote=it\'s "quoted"\ngreeting=hello there undefined=[]\nBAKE-TEST' ] ||
        { fail "02-env.cmd: rc $PRUN_RC, '$PRUN_OUT' '$PRUN_ERR'"; return; }
    provision_run 03-fail.bat
    [ "$PRUN_RC" = 7 ] && [ "$PRUN_OUT" = 'failing with 7' ] || { fail "03-fail.bat: rc $PRUN_RC, '$PRUN_OUT' '$PRUN_ERR'"; return; }
    provision_run 04-missing.ps1
    [ "$PRUN_RC" = 1 ] && [ "$PRUN_ERR" = "The argument 'C:\\Windows\\Temp\\bake-windows-image\\provision\\04-missing.ps1' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter." ] ||
        { fail "04-missing.ps1: rc $PRUN_RC, '$PRUN_OUT' '$PRUN_ERR'"; return; }
    # the reboot the host does after 3010: the same QEMU process, the installed system comes back with sshd
    ssh_run "$USER_PW" "shutdown /r /t 0 /f" > /dev/null 2>&1 || true
    local deadline=$(($(date +%s) + 120))
    until [ "$(grep -a -c 'standin: Windows is running' "$W/serial.log")" -ge 2 ]; do
        [ "$(date +%s)" -lt "$deadline" ] && kill -0 "$QPID" 2> /dev/null || { fail "no second 'Windows is running' after shutdown /r"; return; }
        sleep 0.5
    done
    out=$(ssh_until 60 "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Test-Path -LiteralPath 'C:\\Windows\\Temp\\bake-windows-image\\provision\\01-env.ps1'")" | tr -d '\r\n') ||
        { fail "no SSH after the reboot"; return; }
    [ "$out" = True ] || { fail "the uploaded script is gone after the reboot ($out)"; return; }
    runs=$(grep -a -c 'standin: Windows is running' "$W/serial.log")
    ssh_run "$USER_PW" "shutdown /s /t 0 /f" > /dev/null 2>&1 || true
    wait_exit 60 || { fail "QEMU still running 60 s after shutdown /s"; return; }
    pass "$FC_RESULT; installed disk running at ${t}s: sftp upload + ls, 01-env.ps1 streamed, exit 3010; 02-env.cmd exit 0; 03-fail.bat exit 7; a missing script exit 1; shutdown /r -> $runs boots, SSH back; off at $(since "$T0")s"
}

# the expected COM1 lines of a first-logon step that fails, and nothing after them
expect_step_failed() { # expect_step_failed STEP MESSAGE
    local failed="bake-windows-image: first-logon: step '$1' FAILED: $2" gf="bake-windows-image: guest failed: $1: $2" lines
    SENDKEY=1 watch_until "$W" 240 "bake-windows-image: guest failed:" || { fail "no 'guest failed' line"; return 1; }
    sleep 5
    lines=$(tr -d '\r' < "$W/serial.log")
    printf '%s\n' "$lines" | grep -a -q -x -F "$failed" || { fail "no line '$failed'"; return 1; }
    [ "$(printf '%s\n' "$lines" | grep -a -A 1 -x -F "$failed" | tail -n 1)" = "$gf" ] || { fail "no line '$gf' after it"; return 1; }
    if grep -a -q "$MARKER" "$W/serial.log"; then fail "ready line after a failed step"; return 1; fi
    kill -0 "$QPID" 2> /dev/null || { fail "QEMU exited"; return 1; }
}

case_fault() { # case_fault NAME
    local f=$1 ans out
    build "$f"
    if [ "$f" = unsigned-loader ]; then
        # Secure Boot refuses the CD's unsigned GRUB: no prompt, Setup never starts.
        expect_stuck uefi-secure "$(answer_iso "$CASE" "$FIX/autounattend.xml")" \
            'failed to load Boot0001 "UEFI QEMU DVD-ROM.*Access Denied' 1 "$MEDIA/standin-installer-$f.iso"
        if grep -a -q -e 'Press any key to boot from CD' -e 'windowsPE' "$W/serial.log"; then fail "the unsigned loader ran"; fi
        return
    fi
    ans=$(answer_iso "$CASE" "$(bios_xml)")
    W=$DIR/$CASE
    rm -rf "$W"
    SENDKEY=1 start_vm "$W" bios "$MEDIA/standin-installer-$f.iso" "$ans"
    case $f in
    never-ready)
        SENDKEY=1 watch_until "$W" 200 "first logon: fault never-ready" || { fail "fault line missing"; return; }
        ssh_until 60 "$USER_PW" hostname > /dev/null || { fail "SSH should work"; return; }
        sleep 5
        grep -a -q "$MARKER" "$W/serial.log" && { fail "marker written"; return; }
        out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Test-Path -LiteralPath 'C:\\smolvm-ready.txt'")" | tr -d '\r\n')
        [ "$out" = False ] || { fail "marker file exists ($out)"; return; }
        stop_vm
        pass "SSH works, no marker, no COM1 line"
        ;;
    poweroff-early)
        local rc=0
        SENDKEY=1 watch_until "$W" 200 "$MARKER" || rc=$?
        [ $rc = 2 ] || { fail "QEMU should have exited before ready (rc $rc)"; return; }
        wait "$QPID" 2> /dev/null || true
        QPID=""
        stop_timer
        pass "QEMU exited at $(since "$T0")s before ready"
        ;;
    wrong-account)
        SENDKEY=1 watch_until "$W" 200 "$MARKER" || { fail "not ready"; return; }
        sleep 3
        if ssh_run "$USER_PW" hostname > /dev/null 2>&1; then fail "login with the answer-file password worked"; return; fi
        stop_vm
        pass "ready, but SSH login with the answer-file password is refused"
        ;;
    sshd-fails)
        expect_step_failed 'start sshd' "Service 'OpenSSH SSH Server (sshd)' cannot be started due to the following error: Cannot start service sshd on computer '.'." || return
        if ssh_until 10 "$USER_PW" hostname > /dev/null; then fail "SSH works although sshd failed"; return; fi
        stop_vm
        pass "FAILED + guest failed lines for 'start sshd', no ready line, no SSH"
        ;;
    guest-tools-fail)
        expect_step_failed 'virtio-win guest tools' 'E:\virtio-win-guest-tools.exe exited with code 1603' || return
        out=$(ssh_until 60 "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Get-Content -LiteralPath 'C:\\Windows\\Temp\\bake-windows-image-first-logon.log'; Test-Path -LiteralPath 'C:\\smolvm-ready.txt'")") ||
            { fail "no SSH"; return; }
        out=$(printf '%s' "$out" | tr -d '\r')
        # The earlier steps' started/ok lines, then this step's started and FAILED lines, last.
        local ts='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
        [[ "$out" =~ ^$ts\ step\ \'auto\ logon\ off\'\ started$'\n'.*$'\n'$ts\ step\ \'virtio-win\ guest\ tools\'\ started$'\n'$ts\ step\ \'virtio-win\ guest\ tools\'\ FAILED:\ E:\\virtio-win-guest-tools\.exe\ exited\ with\ code\ 1603$'\n'False$ ]] ||
            { fail "log over SSH / marker: '$out'"; return; }
        stop_vm
        pass "FAILED + guest failed lines for 'virtio-win guest tools', the log file over SSH, no marker, no ready line"
        ;;
    ssh-never)
        SENDKEY=1 watch_until "$W" 240 "$MARKER" || { fail "not ready"; return; }
        local t
        t=$(since "$T0")
        if ssh_until 30 "$USER_PW" hostname > /dev/null; then fail "SSH works"; return; fi
        stop_vm
        pass "ready at ${t}s, SSH still unreachable 30 s later"
        ;;
    trim-unsupported)
        SENDKEY=1 watch_until "$W" 240 "$MARKER" || { fail "not ready"; return; }
        local rc=0
        out=$(ssh_until 60 "$USER_PW" hostname) || { fail "no SSH"; return; }
        out=$(ssh_run "$USER_PW" "powershell -NoProfile -NonInteractive -EncodedCommand $(enc "Optimize-Volume -DriveLetter C -ReTrim")" 2>&1) || rc=$?
        out=$(printf '%s' "$out" | tr -d '\r')
        [ $rc = 1 ] && [[ "$out" == "Optimize-Volume : The volume optimization operation requested is not supported by the hardware backing the volume."*"StorageWMI 43022,Optimize-Volume"* ]] ||
            { fail "Optimize-Volume -ReTrim: rc $rc, '$out'"; return; }
        rc=0
        out=$(ssh_run "$USER_PW" "defrag C: /L" 2>&1) || rc=$?
        [ $rc != 0 ] && [[ "$out" == *"not supported by the hardware backing the volume. (0x8900002A)"* ]] || { fail "defrag C: /L: rc $rc, '$out'"; return; }
        stop_vm
        pass "ready, ReTrim and defrag /L fail: not supported by the hardware"
        ;;
    ssh-late)
        SENDKEY=1 watch_until "$W" 200 "$MARKER" || { fail "not ready"; return; }
        local t
        t=$(since "$T0")
        out=$(ssh_until 60 "$USER_PW" hostname) || { fail "no SSH"; return; }
        stop_vm
        pass "marker at ${t}s, SSH later ($(since "$T0")s)"
        ;;
    esac
}

run_case() {
    CASE=$1
    log "== $CASE"
    local t0
    t0=$(now)
    case $CASE in
    bios) full_cycle bios ;;
    uefi) full_cycle uefi ;;
    uefi-secure) full_cycle uefi-secure ;;
    virtio-blk) full_cycle bios blk ;;
    no-key) case_no_key ;;
    no-joliet) case_no_joliet ;;
    setup-driverpaths) case_setup_driverpaths ;;
    wrong-image) case_wrong_image ;;
    winpedriver) case_winpedriver ;;
    win11-no-bypass) case_win11_no_bypass ;;
    wrong-layout) case_wrong_layout ;;
    reboot-installed) case_reboot_installed ;;
    trim) case_trim ;;
    provision) case_provision ;;
    bad-msi) case_bad_msi ;;
    updates) case_updates ;;
    fault-update-*) case_update_fault "${CASE#fault-}" ;;
    fault-*) case_fault "${CASE#fault-}" ;;
    *) log "unknown case $CASE"; FAILED="$FAILED $CASE" ;;
    esac
    log "   ($(since "$t0")s)"
}

. "$HERE/smoke-updates.sh"

PASSED="" FAILED=""
CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || CASES=(bios uefi no-key no-joliet setup-driverpaths wrong-image)
[ "${CASES[*]}" != all ] || CASES=(bios reboot-installed uefi reboot-installed uefi-secure virtio-blk no-key no-joliet setup-driverpaths
    wrong-image winpedriver win11-no-bypass wrong-layout trim provision bad-msi fault-never-ready fault-poweroff-early fault-wrong-account fault-ssh-late
    fault-unsigned-loader fault-sshd-fails fault-guest-tools-fail fault-ssh-never fault-trim-unsupported
    updates fault-update-fails fault-update-reboot-loop fault-update-hangs)
tb=$(now)
build
log "media ready in $(since "$tb")s: $MEDIA"
for c in "${CASES[@]}"; do run_case "$c"; done
np=$(echo $PASSED | wc -w) nf=$(echo $FAILED | wc -w)
[ -z "$FAILED" ] || log "failed:$FAILED"
echo "$np passed, $nf failed"
[ -z "$FAILED" ]
