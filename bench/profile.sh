#!/usr/bin/env bash
# Where the cold catalog page spends its time: the release server with the
# cache off on 10,000 generated courses, under the same load as
# bench/catalog.sh, sampled by `perf` (99 Hz per core is plenty over 15 s).
# Prints the functions with the most samples, and writes perf's full call
# stacks to target/bench/catalog-cold.perf.txt (fold them with any flame graph
# tool, e.g. inferno-collapse-perf | inferno-flamegraph).
#
#   bench/profile.sh [PATH]      (default /courses)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-load-generator
source scripts/lib.sh
command -v perf >/dev/null || { echo "perf is not installed (Debian: linux-perf)" >&2; exit 1; }

path=${1:-/courses}
duration=15
connections=50

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
source bench/lib.sh
trap 'stop_server; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/kurso.db"
target/release/kurso seed-demo --scale 10000 >/dev/null

start_server KURSO_CACHE_MAX_MEGABYTES=0
wrk -t2 -c"$connections" -d2s "$base$path" >/dev/null
mkdir -p target/bench
wrk -t2 -c"$connections" -d"${duration}s" "$base$path" >"$work/wrk.txt" &
load=$!
perf record -q -F 99 -g -p "$server_pid" -o "$work/perf.data" -- sleep $((duration - 2)) 2>/dev/null
wait "$load"
awk '/^Requests\/sec:/ { print "cache off, " $2 " requests/s while sampled" }' "$work/wrk.txt"
perf script -i "$work/perf.data" >target/bench/catalog-cold.perf.txt 2>/dev/null
echo "top functions by samples (self):"
perf report -i "$work/perf.data" --stdio --no-children --sort symbol 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | head -40
