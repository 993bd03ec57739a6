#!/usr/bin/env bash
# What a visitor on a phone gets, measured by Lighthouse (mobile profile: a
# slow 4G link and a 4x slower CPU, simulated) in Debian's Chromium against the
# release build with the demo data: the public pages the performance issue
# names, three runs each. Prints per page the median of the four category
# scores, largest contentful paint, total blocking time, cumulative layout
# shift, and the JavaScript + wasm the page downloaded (bytes on the wire, as
# served: compressed).
#
# Lighthouse comes from the npm registry into target/bench-tools (once; it is
# not a dependency of the app or of the test suite).
#
#   bench/lighthouse.sh [RUNS_PER_PAGE]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-browser
source scripts/lib.sh

runs=${1:-3}
LIGHTHOUSE_VERSION=12.8.2
tools="$PWD/target/bench-tools/lighthouse"

if ! "$tools/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  step "Installing Lighthouse $LIGHTHOUSE_VERSION from the npm registry (once)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
source bench/lib.sh
trap 'stop_server; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/kurso.db"
target/release/kurso seed-demo >/dev/null

course=$(bench/sql.py "$DATABASE_URL" "SELECT slug FROM courses WHERE is_published = TRUE ORDER BY id LIMIT 1")
article=$(bench/sql.py "$DATABASE_URL" "SELECT slug FROM posts WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1")
pages=("/" "/courses" "/courses/$course" "/schedule" "/blog/$article" "/contact" "/login")

start_server
step "Lighthouse $LIGHTHOUSE_VERSION, mobile, $runs runs per page, $(chromium --version)"
for page in "${pages[@]}"; do
  for run in $(seq "$runs"); do
    # A fresh profile each run: the first visit of a new visitor, nothing
    # cached. Lighthouse sometimes loses the trace (NO_NAVSTART) in headless
    # Chromium: such a run is tried again, up to three times.
    for attempt in 1 2 3; do
      if CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$base$page" \
        --quiet --output=json --output-path="$work/report.$(echo "$page" | tr '/' '_').$run.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" 2>"$work/lighthouse.err"; then
        break
      fi
      [ "$attempt" -lt 3 ] || { cat "$work/lighthouse.err" >&2; echo "lighthouse failed on $page" >&2; exit 1; }
    done
  done
done

python3 - "$work" "${pages[@]}" <<'PY'
import json, statistics, sys
from pathlib import Path

work, pages = Path(sys.argv[1]), sys.argv[2:]

def script_bytes(report):
    """JavaScript and wasm as transferred (compressed), from the network log."""
    items = report["audits"]["network-requests"]["details"]["items"]
    return sum(item.get("transferSize", 0) for item in items
               if item.get("resourceType") == "Script" or item["url"].split("?")[0].endswith(".wasm"))

print(f"{'page':<34} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'LCP s':>6} {'TBT ms':>7} {'CLS':>6} {'JS+wasm KB':>11}")
for page in pages:
    reports = [json.loads(path.read_text()) for path in
               sorted(work.glob(f"report.{page.replace('/', '_')}.*.json"))]
    median = lambda values: statistics.median(values)
    score = lambda key: round(median([r["categories"][key]["score"] * 100 for r in reports]))
    audit = lambda key: median([r["audits"][key]["numericValue"] for r in reports])
    print(f"{page[:34]:<34} {score('performance'):>4} {score('accessibility'):>4} "
          f"{score('best-practices'):>4} {score('seo'):>4} {audit('largest-contentful-paint') / 1000:>6.1f} "
          f"{audit('total-blocking-time'):>7.0f} {audit('cumulative-layout-shift'):>6.3f} "
          f"{median([script_bytes(r) for r in reports]) / 1000:>11.1f}")
print("goal: each category >= 95 on every page; JS + wasm <= 150 KB")
PY
