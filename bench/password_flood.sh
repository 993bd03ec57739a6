#!/usr/bin/env bash
# What a flood of password work does to the release server: its memory before,
# at the peak and after, and the answers, for 50 parallel password resets with
# made-up links, then 50 parallel sign-ins for unknown accounts (each of which
# costs an argon2 verification of 19 MiB), then 200 of them. Before the
# hardening issue, 50 bogus resets took the server from 26 MB to 992 MB.
#
#   bench/password_flood.sh [PARALLEL]
#
# KURSO_BIN=path/to/kurso runs another build (an older commit's, say) instead
# of building this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
source scripts/lib.sh

parallel=${1:-50}

server=${KURSO_BIN:-target/release/kurso}
if [ -z "${KURSO_BIN:-}" ]; then
  step "Release build"
  cargo leptos build --release >/dev/null
fi

work=$(mktemp -d)
port=$(free_port)
base="http://127.0.0.1:$port"
env KURSO_ADDRESS="127.0.0.1:$port" DATABASE_URL="sqlite://$work/kurso.db" RUST_LOG=warn \
  KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE=100000 "$server" serve >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
wait_for "$base/readyz" 60

rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }
peak_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }

flood() { # label count path form
  local label=$1 count=$2 path=$3 form=$4 each='{}' 
  local before; before=$(rss_mb)
  local started; started=$(date +%s%N)
  seq "$count" | xargs -P "$count" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -H "Origin: $base" --data "${form//N/$each}" "$base$path" >"$work/codes"
  local seconds; seconds=$(awk -v ns=$(( $(date +%s%N) - started )) 'BEGIN { printf "%.2f", ns / 1e9 }')
  printf '%-44s %5s MB before, %5s MB after, peak so far %5s MB, %6s s; answers: %s\n' \
    "$label" "$before" "$(rss_mb)" "$(peak_mb)" "$seconds" \
    "$(sort "$work/codes" | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')"
}

step "Flooding $base"
flood "$parallel resets with made-up links" "$parallel" /api/accounts/reset-password \
  "token=made-up-N&password=a+long+passphrase+for+nobody+N"
flood "$parallel sign-ins for unknown accounts" "$parallel" /api/accounts/login \
  "email=nobodyN%40example.com&password=guessN"
flood "$((parallel * 4)) sign-ins for unknown accounts" "$((parallel * 4))" /api/accounts/login \
  "email=nobodyN%40example.com&password=guessN"
