#!/usr/bin/env bash
# Benchmarks a stand-in bake (see scripts/bench.mjs for what is measured).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
node scripts/bench.mjs "$@"
