#!/usr/bin/env bash
# One command on a fresh machine: uses Node 24 (fetched if the machine's is too old), installs the
# dependencies when they are missing or stale, then runs the given npm script (default: start).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=use-node.sh
source scripts/use-node.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
task="${1:-start}"
shift || true
if [ "$task" = start ] && [ ! -f node_modules/electron/path.txt ]; then
  # npm may hold back Electron's install script; its binary comes from Electron's release site.
  node node_modules/electron/install.js
fi
exec npm run "$task" -- "$@"
