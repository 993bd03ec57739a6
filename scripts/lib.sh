# Shared by the scripts: tool paths and small helpers. Sourced, not run.

# cargo installs into ~/.cargo/bin; cargo-leptos finds tailwindcss and wasm-opt
# in node_modules/.bin.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# A step's heading says when it started, in minutes and seconds since the
# script began, so a slow run shows where its time went.
step() { printf '\n\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

# A TCP port nobody is listening on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers 200, or fails after SECONDS.
wait_for() {
  local url=$1 seconds=${2:-60}
  for _ in $(seq $((seconds * 10))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no answer from $url after ${seconds}s" >&2
  return 1
}
