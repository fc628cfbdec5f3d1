#!/usr/bin/env bash
# Installs the local stand-ins (Azurite, pinned in .tools/package.json) into .tools/node_modules, once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.tools"
if [[ -x node_modules/.bin/azurite-table ]] && cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null; then
  exit 0
fi
echo "Installing local stand-ins into .tools/node_modules (first run only, ~1 minute)..."
npm ci --no-audit --no-fund --loglevel=error
