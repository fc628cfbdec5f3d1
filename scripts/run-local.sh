#!/usr/bin/env bash
# Runs TeamsDecisions locally: installs and starts Azurite (Table service, data kept in .local/azurite),
# then the app on http://127.0.0.1:${APP_PORT:-3978}. Ctrl+C stops both.
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
export Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
dotnet build src/TeamsDecisions.App -c Debug --nologo -v quiet
dotnet run --project src/TeamsDecisions.App --no-build --no-launch-profile --urls "http://127.0.0.1:$app_port" &
pids+=("$!")
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
echo
echo "TeamsDecisions listening on http://127.0.0.1:$app_port  (health: http://127.0.0.1:$app_port/healthz)"
echo "Press Ctrl+C to stop."
wait
