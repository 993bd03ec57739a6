#!/usr/bin/env bash
# Start-up time and memory of the release build on an existing SQLite database
# with the demo data (migrations already applied, as on every start after the
# first):
#   - start to ready: from starting the process to the first 200 from /readyz,
#     polled every millisecond; the median and the worst of several starts,
#     after one start that is reported apart: the first start after a build
#     writes the compressed copies of the new bundle (once per release);
#   - idle RSS: resident memory after each public page has been served once
#     (templates, pools and caches warm) and the server has gone quiet.
# Memory under load at 100,000 courses is printed by bench/catalog.sh.
#
#   bench/footprint.sh [STARTS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
source scripts/lib.sh

starts=${1:-7}

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/kurso.db"
target/release/kurso seed-demo >/dev/null

python3 - "$starts" <<'PY'
import os, statistics, subprocess, sys, time, urllib.request, socket

starts = int(sys.argv[1])

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status
    except Exception:
        return None

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

def start():
    port = free_port()
    env = dict(os.environ, KURSO_ADDRESS=f"127.0.0.1:{port}", RUST_LOG="warn")
    began = time.perf_counter()
    server = subprocess.Popen(["target/release/kurso", "serve"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while get(f"{base}/readyz") != 200:
        if server.poll() is not None or time.perf_counter() - began > 60:
            raise SystemExit("the server did not become ready")
        time.sleep(0.001)
    return server, base, (time.perf_counter() - began) * 1000

server, _, first = start()
server.terminate()
server.wait()

times, idle = [], []
for _ in range(starts):
    server, base, elapsed = start()
    times.append(elapsed)
    for page in ["/", "/courses", "/schedule", "/blog", "/contact", "/login", "/register", "/cookies"]:
        get(base + page)
    time.sleep(2)
    idle.append(rss_mb(server.pid))
    server.terminate()
    server.wait()

print(f"first start after the build:         {first:.0f} ms (writes the bundle's brotli and gzip copies, once)")
print(f"start to ready (existing database):  median {statistics.median(times):.0f} ms, "
      f"worst {max(times):.0f} ms over {starts} starts   (goal <= 300 ms)")
print(f"idle RSS after serving each page:    median {statistics.median(idle):.1f} MB, "
      f"worst {max(idle):.1f} MB   (goal <= 60 MB)")
PY
