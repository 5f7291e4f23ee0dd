#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: system packages, npm packages, lint, then jest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run -s bundle # the CLI and action tests run dist/; .ci/run then checks that the committed dist/ matches
npx tsc --noEmit -p tsconfig.json
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
NODE_OPTIONS=--experimental-vm-modules npx jest --maxWorkers=2 "$@"
