#!/usr/bin/env bash
# Runs TeamsDecisions locally: installs and starts Azurite (Table service, data kept in .local/azurite),
# the app on http://127.0.0.1:${APP_PORT:-3978} (local mode: no Bot:AppId, loopback only), and the
# Microsoft 365 Agents Playground (a Teams client emulator, config in playground/.m365agentsplayground.yml).
# Open the printed Playground URL in a browser. Ctrl+C, SIGINT or SIGTERM stops all three (also when the script
# runs in the background). Decision pages are written under .local/decisions (Publishing:LocalFolder), so deleting
# .local/ resets the local run: Azurite's data and the pages.
set -euo pipefail

# A background job of a non-interactive shell starts with SIGINT ignored, and bash cannot trap a signal that was
# ignored on entry: start again with SIGINT at its default (GNU env; elsewhere run it in the foreground).
if [[ -z "${RUN_LOCAL_SIGINT_RESET:-}" ]] && env --default-signal=INT true 2>/dev/null; then
  export RUN_LOCAL_SIGINT_RESET=1
  exec env --default-signal=INT bash "${BASH_SOURCE[0]}" "$@"
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

app_port="${APP_PORT:-3978}"
SKIP_CHROMIUM=1 bash scripts/install-tools.sh

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'; }
table_port="${AZURITE_TABLE_PORT:-$(free_port)}"
mkdir -p .local/azurite

# Only the processes this script started, by PID; each is the process itself (exec), not a wrapper.
pids=()
pg_log=""
cleanup() {
  trap - EXIT INT TERM
  if (( ${#pids[@]} > 0 )); then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  [[ -n "$pg_log" ]] && rm -f "$pg_log"
  return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

.tools/node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$table_port" \
  --location .local/azurite --disableTelemetry --skipApiVersionCheck --silent &
pids+=("$!")
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$table_port") 2>/dev/null && break
  sleep 0.1
done
echo "Azurite (Table service) listening on http://127.0.0.1:$table_port (data in .local/azurite)"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Publishing__PublicBaseUrl="http://127.0.0.1:$app_port"
export Publishing__LocalFolder="$repo/.local/decisions"
export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
# In the background and waited for, so that a signal stops the script at once instead of after the build.
dotnet build src/TeamsDecisions.App -c Debug --nologo -v quiet &
pids+=("$!")
wait "${pids[-1]}"
unset 'pids[-1]'
# The app itself, not `dotnet run` (which would leave its child running when it alone gets SIGTERM); run from the
# project folder, whose appsettings.json the content root must hold.
(cd src/TeamsDecisions.App && exec dotnet bin/Debug/net10.0/TeamsDecisions.App.dll --urls "http://127.0.0.1:$app_port") &
pids+=("$!")
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "TeamsDecisions listening on http://127.0.0.1:$app_port  (health: http://127.0.0.1:$app_port/healthz)"

pg_port="${PLAYGROUND_PORT:-$(free_port)}"
pg_log="$(mktemp)"
(cd playground && TEAMSAPPTESTER_BROWSER=none exec ../.tools/node_modules/.bin/agentsplayground --dt -c msteams \
  -p "$pg_port" -e "http://127.0.0.1:$app_port/api/messages" --service-url "http://127.0.0.1:$pg_port/_connector") >"$pg_log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do
  grep -q "Listening on" "$pg_log" && break
  sleep 0.1
done
# The Playground picks another port silently when its port is taken: read the one it printed.
pg_port="$(grep -o 'Listening on [0-9]*' "$pg_log" | grep -o '[0-9]*$' || echo "$pg_port")"
echo
echo "Agents Playground (Teams emulator): http://127.0.0.1:$pg_port"
echo "  In the team 'Platform Engineering', type:  @TeamsDecisions rfc new"
echo "Decision pages: $repo/.local/decisions"
echo "Press Ctrl+C to stop."
# Stop everything as soon as any one of the three exits.
status=0
wait -n "${pids[@]}" || status=$?
echo "A process stopped (exit $status); stopping the others."
exit "$status"
