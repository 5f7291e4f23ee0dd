#!/usr/bin/env bash
# The main job, end to end on a machine without Windows or KVM: build the stand-in installer and driver ISOs
# from Debian packages, then bake an image from them with the real CLI under QEMU/TCG.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
media=.cache/standin-media
bash test/standin/build.sh "$media" >&2

output=demo/windows-standin.qcow2
rm -f "$output" # the demo's own previous result; the CLI never overwrites an image by itself
node dist/cli.js build-image \
  --iso "$media/standin-installer.iso" \
  --virtio-win-iso "$media/standin-virtio-win.iso" \
  --output "$output" \
  --edition "Windows 11 Pro" \
  --accel tcg --cpus 1 --memory 768 --disk-size 2048 \
  --build-timeout 600 "$@"
echo "The image is at $(pwd)/$output"
