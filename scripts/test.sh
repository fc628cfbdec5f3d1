#!/usr/bin/env bash
# Runs every test: installs what the tests need (Azurite, into .tools/), builds, runs all test projects
# (each test assembly starts its own Azurite on a free loopback port), and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-tools.sh || { echo "0 passed, 1 failed"; exit 1; }

results="TestResults"
rm -rf "$results"
status=0
dotnet test TeamsDecisions.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# The Outlook add-in's JavaScript tests (Node's runner: office-addin-mock, and the task pane in headless Chromium);
# their JUnit file joins the count. A failed install leaves no file, which counts as a failure.
bash scripts/test-outlook.sh "$results" || status=1

node scripts/summarize-trx.mjs "$results" || status=1
exit "$status"
