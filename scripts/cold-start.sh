#!/usr/bin/env bash
# Cold start of the custom handler: from process start to its first answered invocation (the Functions host polls
# GET / and then posts the invocation), against a bare ASP.NET Core minimal API answering the same route.
#   scripts/cold-start.sh [RUNS]      (default 10; needs curl)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/scripts/publish-functions.sh" "$work/functions" > /dev/null
dotnet publish "$root/bench/BareHandler" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o "$work/bare" -nologo -v quiet
payload="$root/tests/Reporting.Functions.Tests/Payloads/timer.json"

measure() { # $1 = executable; prints milliseconds to the first answered invocation
  local port=$((20000 + RANDOM % 20000)) start end pid
  start=$(date +%s%N)
  FUNCTIONS_CUSTOMHANDLER_PORT=$port Reporting__Storage="UseDevelopmentStorage=true" "$1" > /dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$payload" "http://127.0.0.1:$port/MonthlyDigest"; do sleep 0.005; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

for app in handler bare; do
  exe="$work/functions/handler/handler"; [ "$app" = bare ] && exe="$work/bare/BareHandler"
  measure "$exe" > /dev/null   # first run warms the file cache
  times=$(for _ in $(seq "$runs"); do measure "$exe"; done | sort -n | tr '\n' ' ')
  echo "$app: $times(ms, sorted; median $(echo $times | awk '{print $(int((NF+1)/2))}'))"
done
