#!/usr/bin/env bash
# Load test, all on this machine, with wrk, in one run:
#   - requests per second for a leaflet page and for the read API, beside
#     a minimal Echo handler (the ceiling), and the ratios; then the
#     leaflet and the ceiling again, in turn for a few rounds, and the
#     median of the rounds' ratios;
#   - the bytes a first view of a leaflet page transfers, compressed,
#     excluding font and audio;
#   - sync pushes: a second server on its own data directory, prepared by
#     scripts/loadphone (a resident with one phone; every connection uses
#     its token), takes batches of 100 records, then of 1, from PUSH_CONNS
#     phones at once (scripts/push.lua): fresh records (new ids, each
#     applied: the real load) and retried batches (the same ids again, each
#     a duplicate). records/s counts the records answered, from the
#     answers; the server's CPU per record is read from /proc;
#   - beside them, the ceilings a push reads against: the same rows
#     inserted straight into SQLite by scripts/rawinsert (durably, 100 a
#     transaction), into a bare table and into Mingbai's records table,
#     one a durable transaction into the bare table (what a push of one
#     would cost without group commit), and a minimal authenticated Echo
#     handler taking pushes of one record.
# Needs wrk (apt-get install wrk), curl and go.
#
#   bash scripts/load.sh            # 10 s per URL, 64 connections
#   DURATION=30s CONNS=128 bash scripts/load.sh
#   PUSH_CONNS=64 bash scripts/load.sh   # more phones pushing at once (default 8)
#   ROUNDS=5 ROUND_DURATION=3s bash scripts/load.sh  # the leaflet and the ceiling in turn (default 3 of 5s)
#   PROFILE=1 bash scripts/load.sh       # also the push server's CPU profile, top entries
#   PROFILE=/tmp/push.pprof bash scripts/load.sh  # the same, and the profile kept there
#   SERVER_BIN=/tmp/old bash scripts/load.sh  # a server built before, for an A/B in one run
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
PUSH_CONNS=${PUSH_CONNS:-8}
ROUNDS=${ROUNDS:-3}
ROUND_DURATION=${ROUND_DURATION:-5s}
APP=127.0.0.1:18181
CEIL=127.0.0.1:18182
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${SERVER_BIN:-}" ]; then cp "$SERVER_BIN" "$work/mingbai"; else go build -o "$work/mingbai" ./server; fi
go build -o "$work/ceiling" ./scripts/ceiling
"$work/mingbai" -addr "$APP" -data "$work/data" -log-level warn &
app_pid=$!
"$work/ceiling" -addr "$CEIL" 2>/dev/null &
ceil_pid=$!
for _ in $(seq 50); do
  curl -fs "http://$APP/healthz" >/dev/null && curl -fs "http://$CEIL/hello" >/dev/null && break
  sleep 0.2
done

# cpu_ticks is a process's CPU so far (user and system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rps() { # pid url [header]: the rate, its p99, and the server's CPU a request
  local args=(-t2 -c"$CONNS" -d"$DURATION" --latency) before out
  [ -n "${3:-}" ] && args+=(-H "$3")
  before=$(cpu_ticks "$1")
  out=$(wrk "${args[@]}" "$2")
  awk -v t0="$before" -v t1="$(cpu_ticks "$1")" -v hz="$(getconf CLK_TCK)" '
    /requests in/ {n=$1} /Requests\/sec/ {rps=$2} /99%/ {p99=$2}
    END {printf "%10.0f req/s   p99 %-8s server CPU %5.1f µs a request\n", rps, p99, n ? (t1-t0)/hz*1e6/n : 0}' <<<"$out"
}
cpu() { sed -nE 's/.*CPU +([0-9.]+).*/\1/p' <<<"$1"; } # empty when a line has no figure
rate() { awk '{print $1}' <<<"$1"; }
echo "== requests per second (wrk, $CONNS connections, $DURATION each, $(nproc) cores shared with wrk)"
printf '%-46s' "ceiling: minimal Echo handler";          ceil=$(rps "$ceil_pid" "http://$CEIL/hello"); echo "$ceil"
printf '%-46s' "leaflet page /zh/m/bride-price (gzip)";  leaf=$(rps "$app_pid" "http://$APP/zh/m/bride-price" "Accept-Encoding: gzip"); echo "$leaf"
printf '%-46s' "leaflet page, side by side (gzip)";      both=$(rps "$app_pid" "http://$APP/bo/m/bride-price?view=both" "Accept-Encoding: gzip"); echo "$both"
printf '%-46s' "GET /api/v1/materials/bride-price";      api=$(rps "$app_pid" "http://$APP/api/v1/materials/bride-price" "Accept-Encoding: gzip"); echo "$api"
awk -v c="${ceil%% req*}" -v l="${leaf%% req*}" -v b="${both%% req*}" -v a="${api%% req*}" \
  -v cc="$(cpu "$ceil")" -v lc="$(cpu "$leaf")" 'BEGIN {
  printf "  of the ceiling: leaflet %.2f (goal 0.6), side by side %.2f, API %.2f\n", l/c, b/c, a/c
  printf "  server CPU a request, the ceiling'"'"'s over the leaflet'"'"'s: %.2f (wrk'"'"'s own CPU left out, so below the rate'"'"'s ratio; steadier on a shared machine)\n", lc ? cc/lc : 0
}'
# The same ratio again, the ceiling and the leaflet taken in turn, round by
# round: on a machine whose speed drifts from minute to minute, a pair
# measured a few seconds apart shares the minute, and the median of the
# rounds' ratios is steadier than one pair's.
echo "== the leaflet page against the ceiling, in turn ($ROUNDS rounds, $ROUND_DURATION each)"
ratios=()
for round in $(seq "$ROUNDS"); do
  c=$(DURATION=$ROUND_DURATION rps "$ceil_pid" "http://$CEIL/hello")
  l=$(DURATION=$ROUND_DURATION rps "$app_pid" "http://$APP/zh/m/bride-price" "Accept-Encoding: gzip")
  ratios+=("$(awk -v c="${c%% req*}" -v l="${l%% req*}" 'BEGIN {printf "%.2f", c ? l/c : 0}')")
  printf '  round %d: ceiling %s req/s, leaflet %s req/s, ratio %s\n' "$round" "$(rate "$c")" "$(rate "$l")" "${ratios[-1]}"
done
printf '  median of the rounds: leaflet %s of the ceiling (goal 0.6)\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {if (NR) printf "%.2f", (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')"

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

PUSH=127.0.0.1:18183
PUSH_CEIL=127.0.0.1:18184
go build -o "$work/loadphone" ./scripts/loadphone
go build -o "$work/rawinsert" ./scripts/rawinsert
token=$("$work/loadphone" -data "$work/push-data")
"$work/loadphone" -data "$work/raw-data" >/dev/null
# Its log goes to a file: wrk hangs up on pushes in flight when it stops,
# and the server logs each as a failed request.
profile=()
[ -n "${PROFILE:-}" ] && profile=(-cpu-profile "$work/push.pprof")
"$work/mingbai" -addr "$PUSH" -data "$work/push-data" -log-level warn "${profile[@]}" 2>"$work/push.log" &
push_pid=$!
"$work/ceiling" -addr "$PUSH_CEIL" -token "$token" 2>/dev/null &
push_ceil_pid=$!
for _ in $(seq 50); do
  curl -fs "http://$PUSH/healthz" >/dev/null && curl -fs "http://$PUSH_CEIL/hello" >/dev/null && break
  sleep 0.2
done
push() { # fresh|retry batch [address pid]
  SERVER_PID=${4:-$push_pid} CLK_TCK=$(getconf CLK_TCK) TOKEN=$token MODE=$1 BATCH=$2 \
    wrk -t2 -c"$PUSH_CONNS" -d"$DURATION" --timeout 10s --latency -s scripts/push.lua "http://${3:-$PUSH}" | tail -n 1
}
echo "== raw SQLite: the same rows inserted straight, 100 a durable transaction ($DURATION each)"
printf '%-46s' "bare table (primary key only)"
raw_bare=$("$work/rawinsert" -schema bare -data "$work/raw-bare" -duration "$DURATION"); echo "$raw_bare"
printf '%-46s' "Mingbai's records table (its indexes)"
raw_mb=$("$work/rawinsert" -schema mingbai -data "$work/raw-data" -duration "$DURATION"); echo "$raw_mb"
# What one durable commit a record costs, the floor a push of one would
# stand on without the writer's group commit.
printf '%-46s' "bare table, 1 a durable transaction"
raw_bare1=$("$work/rawinsert" -schema bare -batch 1 -data "$work/raw-bare1" -duration "$DURATION"); echo "$raw_bare1"
echo "== sync push: $PUSH_CONNS phones at once (wrk, $DURATION each)"
printf '%-46s' "batches of 100, fresh (each applied)";   p100=$(push fresh 100); echo "$p100"
printf '%-46s' "batches of 100, retried (each duplicate)"; push retry 100
printf '%-46s' "batches of 1, fresh";                    p1=$(push fresh 1); echo "$p1"
printf '%-46s' "ceiling: authenticated Echo, batches of 1"
c1=$(push fresh 1 "$PUSH_CEIL" "$push_ceil_pid"); echo "$c1"
echo "== push ratios"
awk -v p="$(rate "$p100")" -v b="$(rate "$raw_bare")" -v m="$(rate "$raw_mb")" -v o="$(rate "$p1")" -v c="$(rate "$c1")" \
  -v b1="$(rate "$raw_bare1")" -v oc="$(cpu "$p1")" -v cc="$(cpu "$c1")" 'BEGIN {
  printf "  batches of 100 / raw SQLite, bare table        %5.2f  (goal 0.33)\n", p/b
  printf "  batches of 100 / raw SQLite, Mingbai'"'"'s table    %5.2f\n", p/m
  printf "  batches of 1 / authenticated Echo handler      %5.2f  (the handler is %.0fx faster)\n", o/c, c/o
  if (oc && cc) printf "  server CPU a record, batches of 1 over the handler'"'"'s: %.1fx (steadier on a shared machine)\n", oc/cc
  printf "  batches of 1 / raw SQLite, bare, 1 a commit    %5.2f\n", o/b1
}'
echo "== memory: resident set of the push server after the load: $(( $(ps -o rss= -p "$push_pid") / 1024 )) MiB"
if [ -n "${PROFILE:-}" ]; then
  kill -TERM "$push_pid"; wait "$push_pid" || true
  if [ "$PROFILE" != 1 ]; then
    cp "$work/push.pprof" "$PROFILE"; cp "$work/mingbai" "$PROFILE.bin"
  fi
  echo "== CPU profile of the push server over the pushes above (go tool pprof -top)"
  go tool pprof -top -nodecount=15 "$work/mingbai" "$work/push.pprof" 2>/dev/null | sed -n '/flat%/,$p'
  echo "  Mingbai's own functions, by cumulative time (the start's WOFF2 encoding included):"
  go tool pprof -top -cum -nodecount=400 "$work/mingbai" "$work/push.pprof" 2>/dev/null | grep ' mingbai/' | head -n 20 || true
  [ "$PROFILE" = 1 ] || echo "  kept: go tool pprof $PROFILE.bin $PROFILE"
fi
