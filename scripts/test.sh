#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: system packages, npm packages, lint, then jest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
npm run -s bundle # the CLI tests run dist/cli.js; CI then checks that the committed dist/ matches
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx tsc --noEmit -p tsconfig.json
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
NODE_OPTIONS=--experimental-vm-modules npx jest --maxWorkers=2 "$@"
