#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and its tests use, when any is missing.
# Runs as root, or through sudo. Safe to run again: installs nothing when all are present.
set -euo pipefail

packages=(
  qemu-system-x86 qemu-utils ovmf swtpm swtpm-tools # the VM
  xorriso genisoimage                               # answer medium; isoinfo reads it back in tests
  wimtools udftools wixl                            # real WIM, UDF and MSI files for tests
  grub-pc-bin grub-efi-amd64-bin grub-common mtools cpio gcc # the stand-in installer ISO (gcc: its waitpid preload)
  openssl                                           # stand-in build: checks the Secure Boot signatures
  docker-registry skopeo                            # a real registry for push-image, and a client to read it back
  openssh-client sshpass socat                      # poking the stand-in guest by hand
  openssh-server                                    # a real sshd for the SSH/SFTP integration tests
  tesseract-ocr                                     # tests read the stand-in's screenshots (OCR)
  ca-certificates
  sudo                                              # enable-kvm: the KVM access test runs the real sudo as another user
  g++ make python3                                  # npm ci builds tree-sitter (the PowerShell grammar tests)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: missing packages (${missing[*]}) and not root; run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
