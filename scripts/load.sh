#!/usr/bin/env bash
# Load test: requests per second for a leaflet page and for the read API,
# beside a minimal Echo handler (the ceiling), all on this machine, with wrk;
# then the bytes a first view of a leaflet page transfers, compressed,
# excluding font and audio. Needs wrk (apt-get install wrk) and curl.
#
# Then sync pushes: a second server on its own data directory, prepared by
# scripts/loadphone (a resident with one phone; every connection uses its
# token), takes batches of 100 records from PUSH_CONNS phones at once
# (scripts/push.lua). Measured twice: fresh records (new ids, each applied:
# the real load) and retried batches (the same ids again, each a
# duplicate). records/s counts the records answered, from the answers.
#
#   bash scripts/load.sh            # 10 s per URL, 64 connections
#   DURATION=30s CONNS=128 bash scripts/load.sh
#   PUSH_CONNS=64 bash scripts/load.sh   # more phones pushing at once (default 8)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
PUSH_CONNS=${PUSH_CONNS:-8}
APP=127.0.0.1:18181
CEIL=127.0.0.1:18182
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mingbai" ./server
go build -o "$work/ceiling" ./scripts/ceiling
"$work/mingbai" -addr "$APP" -data "$work/data" -log-level warn &
app_pid=$!
"$work/ceiling" -addr "$CEIL" 2>/dev/null &
for _ in $(seq 50); do
  curl -fs "http://$APP/healthz" >/dev/null && curl -fs "http://$CEIL/hello" >/dev/null && break
  sleep 0.2
done

rps() { # url [header]
  local args=(-t2 -c"$CONNS" -d"$DURATION" --latency)
  [ -n "${2:-}" ] && args+=(-H "$2")
  wrk "${args[@]}" "$1" | awk '/Requests\/sec/ {rps=$2} /99%/ {p99=$2} END {printf "%10.0f req/s   p99 %s\n", rps, p99}'
}
echo "== requests per second (wrk, $CONNS connections, $DURATION each, $(nproc) cores shared with wrk)"
printf '%-46s' "ceiling: minimal Echo handler";          rps "http://$CEIL/hello"
printf '%-46s' "leaflet page /zh/m/bride-price (gzip)";  rps "http://$APP/zh/m/bride-price" "Accept-Encoding: gzip"
printf '%-46s' "leaflet page, side by side (gzip)";      rps "http://$APP/bo/m/bride-price?view=both" "Accept-Encoding: gzip"
printf '%-46s' "GET /api/v1/materials/bride-price";      rps "http://$APP/api/v1/materials/bride-price" "Accept-Encoding: gzip"

echo "== memory: resident set of the server after the load: $(( $(ps -o rss= -p "$app_pid") / 1024 )) MiB"
echo "== first view of /bo/m/bride-price?view=both, bytes on the wire (gzip), font and audio excluded"
page=/bo/m/bride-price?view=both
total=0
for path in "$page" $(curl -fs "http://$APP$page" | grep -oE '(href|src)="/(static|qr)/[^"]+"' | sed -E 's/^(href|src)="//; s/"$//' | grep -vE '\.(woff2?|ttf|otf)$' | sort -u); do
  n=$(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://$APP$path")
  printf '  %6d  %s\n' "$n" "$path"
  total=$((total + n))
done
printf '  %6d  total (budget 30720)\n' "$total"

echo "== sync push: batches of 100 records, $PUSH_CONNS phones at once (wrk, $DURATION each)"
PUSH=127.0.0.1:18183
go build -o "$work/loadphone" ./scripts/loadphone
token=$("$work/loadphone" -data "$work/push-data")
# Its log goes to a file: wrk hangs up on pushes in flight when it stops,
# and the server logs each as a failed request.
"$work/mingbai" -addr "$PUSH" -data "$work/push-data" -log-level warn 2>"$work/push.log" &
push_pid=$!
for _ in $(seq 50); do curl -fs "http://$PUSH/healthz" >/dev/null && break; sleep 0.2; done
push() { # fresh|retry
  TOKEN=$token MODE=$1 wrk -t2 -c"$PUSH_CONNS" -d"$DURATION" --timeout 10s --latency -s scripts/push.lua "http://$PUSH" | tail -n 1
}
printf '%-46s' "fresh records (each applied)";              push fresh
printf '%-46s' "retried batches (each record a duplicate)"; push retry
echo "== memory: resident set of the push server after the load: $(( $(ps -o rss= -p "$push_pid") / 1024 )) MiB"
