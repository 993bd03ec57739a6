#!/usr/bin/env bash
# HTTP throughput of the release build on this machine, measured side by side in
# one run: the home page (three database reads and a render), a page rendered
# without data (the render alone), a static asset (the wasm bundle, brotli), and
# the home page's bytes served from memory by the same process: the ceiling a
# page of that size can reach here. Prints requests/s, p99 latency and ratios.
#
#   bench/http.sh [SECONDS_PER_TARGET] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-load-generator
source scripts/lib.sh

duration=${1:-10}
connections=${2:-50}

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
server_pid=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
trap 'stop_server; rm -rf "$work"' EXIT

start_server() { # extra environment assignments...
  local port; port=$(free_port)
  env KURSO_ADDRESS="127.0.0.1:$port" DATABASE_URL="sqlite://$work/kurso.db" RUST_LOG=warn "$@" \
    target/release/kurso serve >"$work/server.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for "$base/readyz" 60
}

# The ceiling needs the page's exact bytes before the server starts.
start_server
curl -fsS "$base/" -o "$work/home.html"
stop_server
start_server KURSO_BENCH_PAGE_COPY="$work/home.html"

wasm=$(grep -oE '/pkg/kurso\.[A-Za-z0-9_-]+\.wasm' "$work/home.html" | head -1)
[ -n "$wasm" ] || { echo "no wasm bundle named in the home page" >&2; exit 1; }

measure() { # label url [header]
  local label=$1 url=$2 header=${3:-}
  local headers=()
  [ -n "$header" ] && headers=(-H "$header")
  wrk -t2 -c"$connections" -d2s "${headers[@]}" "$url" >/dev/null # warm-up
  local out rps p99 errors
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${headers[@]}" "$url")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(grep -cE 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-34s %12s req/s   p99 %9s%s\n' "$label" "$rps" "$p99" "$([ "$errors" -gt 0 ] && echo '   (errors!)')"
  echo "$rps" >"$work/rps.$label"
}

step "Measuring: ${duration}s per target, $connections connections, wrk on the same 2 cores"
printf '%-34s %18s   %13s\n' "target" "throughput" "latency"
measure "home-page" "$base/"
measure "home-page-bytes-from-memory" "$base/__bench/page-copy"
measure "page-without-data-cookies" "$base/cookies"
measure "static-asset-wasm-br" "$base$wasm" "Accept-Encoding: br"

home_bytes=$(wc -c <"$work/home.html")
wasm_bytes=$(curl -fsS -H 'Accept-Encoding: br' "$base$wasm" | wc -c)
rps() { cat "$work/rps.$1"; }
echo
echo "home page: $home_bytes bytes uncompressed (wrk sends no Accept-Encoding); wasm: $wasm_bytes bytes as brotli"
awk -v home="$(rps home-page)" -v ceiling="$(rps home-page-bytes-from-memory)" -v plain="$(rps page-without-data-cookies)" \
    -v wasm="$(rps static-asset-wasm-br)" -v hb="$home_bytes" -v wb="$wasm_bytes" 'BEGIN {
  printf "ratio home page / same bytes from memory:            %.2f\n", home / ceiling
  printf "ratio home page / page without data:                 %.2f\n", home / plain
  printf "static asset bytes/s / in-memory page bytes/s:       %.2f  (%.0f MB/s vs %.0f MB/s)\n",
         (wasm * wb) / (ceiling * hb), wasm * wb / 1e6, ceiling * hb / 1e6
}'
