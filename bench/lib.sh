# Shared by the page benchmarks: a release server started and stopped on a
# free port, and one wrk measurement. Sourced after scripts/lib.sh, with
# $work (a temporary folder), $duration and $connections set.

server_pid=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }

start_server() { # extra environment assignments...
  local port; port=$(free_port)
  env KURSO_ADDRESS="127.0.0.1:$port" RUST_LOG=warn "$@" target/release/kurso serve >"$work/server.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for "$base/readyz" 120
}

# Prints requests/s and p99 for LABEL and keeps requests/s in $work/rps.LABEL.
measure() { # label url [wrk script]
  local label=$1 url=$2 script=${3:-}
  local extra=()
  [ -n "$script" ] && extra=(-s "$script")
  wrk -t2 -c"$connections" -d2s "${extra[@]}" "$url" >/dev/null # warm-up (fills the cache)
  local out rps p99 errors
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${extra[@]}" "$url")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(grep -cE 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-40s %12s req/s   p99 %9s%s\n' "$label" "$rps" "$p99" "$([ "$errors" -gt 0 ] && echo '   (errors!)')"
  echo "$rps" >"$work/rps.$label"
}

rps() { cat "$work/rps.$1"; }

# Resident memory of the running server, in MB.
server_rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }
