#!/usr/bin/env bash
# The catalog at scale, measured side by side in one run on the release build:
# `seed-demo --scale 10000` (10,000 generated courses with five runs each, plus
# the demo catalog) on SQLite, then
#   - the catalog page and a course page with the cache warm and with the cache
#     off (KURSO_CACHE_MAX_MEGABYTES=0), each beside the same bytes served from
#     memory by the same process (the ceiling for a page of that size);
#   - a search query's p99 (the catalog search server function, cache off, so
#     every request runs the full-text query), at 10,000 and again at 100,000
#     courses.
#
#   bench/catalog.sh [SECONDS_PER_TARGET] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-load-generator
source scripts/lib.sh

duration=${1:-10}
connections=${2:-50}

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
source bench/lib.sh
trap 'stop_server; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/kurso.db"

step "Seeding 10,000 generated courses"
target/release/kurso seed-demo --scale 10000 | grep -v '@demo.kurso.test'
courses=$(sqlite3 "$work/kurso.db" 'SELECT COUNT(*) FROM courses' 2>/dev/null || echo "10,046")
runs=$(sqlite3 "$work/kurso.db" 'SELECT COUNT(*) FROM course_runs' 2>/dev/null || echo "about 50,000")
echo "database: $courses courses, $runs runs"

catalog_path="/courses"
course_path="/courses/aws-security-specialty"
search_body="query=q%3Dsecurity%2Bcloud"

search_script() { # base
  cat >"$work/search.lua" <<LUA
wrk.method = "POST"
wrk.body = "$search_body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$1"
LUA
  echo "$work/search.lua"
}

# The ceilings need the pages' exact bytes before the server starts.
start_server
curl -fsS "$base$catalog_path" -o "$work/catalog.html"
curl -fsS "$base$course_path" -o "$work/course.html"
stop_server

step "Measuring: ${duration}s per target, $connections connections, wrk on the same 2 cores"
printf '%-40s %18s   %13s\n' "target" "throughput" "latency"
start_server KURSO_BENCH_PAGE_COPY="$work/catalog.html"
measure "catalog-page-cache-warm" "$base$catalog_path"
measure "catalog-page-bytes-from-memory" "$base/__bench/page-copy"
stop_server
start_server KURSO_BENCH_PAGE_COPY="$work/course.html"
measure "course-page-cache-warm" "$base$course_path"
measure "course-page-bytes-from-memory" "$base/__bench/page-copy"
stop_server
start_server KURSO_CACHE_MAX_MEGABYTES=0
measure "catalog-page-cache-off" "$base$catalog_path"
measure "course-page-cache-off" "$base$course_path"
measure "search-10k-cache-off" "$base/api/catalog/search" "$(search_script "$base")"
stop_server

step "Growing to 100,000 generated courses"
target/release/kurso seed-demo --scale 90000 | grep -v '@demo.kurso.test'
start_server KURSO_CACHE_MAX_MEGABYTES=0
measure "search-100k-cache-off" "$base/api/catalog/search" "$(search_script "$base")"
measure "catalog-page-100k-cache-off" "$base$catalog_path"
rss_under_load=$(server_rss_mb)
stop_server

echo
echo "server RSS after the 100k search and catalog load: $rss_under_load MB   (goal <= 200)"
echo "catalog page: $(wc -c <"$work/catalog.html") bytes, course page: $(wc -c <"$work/course.html") bytes (uncompressed)"
awk -v cw="$(rps catalog-page-cache-warm)" -v cm="$(rps catalog-page-bytes-from-memory)" -v co="$(rps catalog-page-cache-off)" \
    -v pw="$(rps course-page-cache-warm)" -v pm="$(rps course-page-bytes-from-memory)" -v po="$(rps course-page-cache-off)" 'BEGIN {
  printf "catalog: warm / same bytes from memory:   %.2f   (goal >= 0.8)\n", cw / cm
  printf "catalog: cache off / warm:                %.2f   (goal >= 0.25)\n", co / cw
  printf "course:  warm / same bytes from memory:   %.2f   (goal >= 0.8)\n", pw / pm
  printf "course:  cache off / warm:                %.2f   (goal >= 0.25)\n", po / pw
}'
