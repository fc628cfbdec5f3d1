#!/usr/bin/env bash
# Runs TeamsDecisions locally: installs and starts Azurite (Table service, data kept in .local/azurite),
# the app on http://127.0.0.1:${APP_PORT:-3978} (local mode: no Bot:AppId, loopback only), and the
# Microsoft 365 Agents Playground (a Teams client emulator, config in playground/.m365agentsplayground.yml).
# Open the printed Playground URL in a browser. Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

app_port="${APP_PORT:-3978}"
SKIP_CHROMIUM=1 bash scripts/install-tools.sh

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'; }
table_port="${AZURITE_TABLE_PORT:-$(free_port)}"
mkdir -p .local/azurite

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

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
export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
dotnet build src/TeamsDecisions.App -c Debug --nologo -v quiet
dotnet run --project src/TeamsDecisions.App --no-build --no-launch-profile --urls "http://127.0.0.1:$app_port" &
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
echo "Press Ctrl+C to stop."
wait
