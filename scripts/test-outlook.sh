#!/usr/bin/env bash
# The Outlook add-in's JavaScript tests: installs its pinned devDependencies (npm ci from
# src/TeamsDecisions.Outlook/package-lock.json, into its ignored node_modules, when the lock changed), then runs
# Node's test runner over src/TeamsDecisions.Outlook/test with a JUnit report in <results>/outlook.junit.xml
# (scripts/summarize-trx.mjs adds it to "N passed, N failed"). The browser test needs playwright-core from
# .tools/node_modules and Chromium, which scripts/install-tools.sh provides.
# usage: bash scripts/test-outlook.sh [results-dir]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
results="$(mkdir -p "${1:-TestResults}" && cd "${1:-TestResults}" && pwd)"
report="$results/outlook.junit.xml"
: > "$report"

addin="src/TeamsDecisions.Outlook"
if ! cmp -s "$addin/package-lock.json" "$addin/node_modules/.installed-lock" 2>/dev/null; then
  (cd "$addin" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock) || { echo "npm ci failed in $addin"; exit 1; }
fi

OUTLOOK_SCREENSHOTS="$results/outlook" node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$report" \
  "$addin/test/"
