#!/usr/bin/env bash
# The JSON API's public reads beside the pages that show the same data,
# measured side by side in one run on the release build, on SQLite and on
# PostgreSQL, each with the demo catalog plus 10,000 generated courses (five
# runs each):
#   - GET /api/v1/runs (one page of 50 runs) beside /schedule (60 runs, HTML)
#     with the page cache off, and beside the catalog page warm and cache off;
#   - GET /api/v1/courses (50 courses) and GET /api/v1/courses/{slug}.
# The API has no response cache: each request runs its query.
#
#   bench/api.sh [SECONDS_PER_TARGET] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-load-generator
source scripts/lib.sh

duration=${1:-10}
connections=${2:-50}
postgres_admin_url=${KURSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
postgres_database=kurso_bench_api

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
source bench/lib.sh
cleanup() {
  stop_server
  bench/sql.py "$postgres_admin_url" "DROP DATABASE IF EXISTS $postgres_database" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_backend() { # name
  local name=$1
  step "$name: seeding 10,000 generated courses"
  target/release/kurso seed-demo --scale 10000 | grep -v '@demo.kurso.test' | tail -1
  step "$name: ${duration}s per target, $connections connections, wrk on the same 2 cores"
  printf '%-40s %18s   %13s\n' "target" "throughput" "latency"
  start_server
  measure "$name-catalog-page-cache-warm" "$base/courses"
  stop_server
  # The API first: a slow page measured before it would leave queued
  # requests behind that show up in the API's tail latency.
  start_server KURSO_CACHE_MAX_MEGABYTES=0
  measure "$name-api-runs" "$base/api/v1/runs"
  measure "$name-api-courses" "$base/api/v1/courses"
  measure "$name-api-course" "$base/api/v1/courses/aws-security-specialty"
  measure "$name-catalog-page-cache-off" "$base/courses"
  measure "$name-schedule-page-cache-off" "$base/schedule"
  stop_server
}

export DATABASE_URL="sqlite://$work/kurso.db"
bench_backend sqlite

bench/sql.py "$postgres_admin_url" "DROP DATABASE IF EXISTS $postgres_database" >/dev/null
bench/sql.py "$postgres_admin_url" "CREATE DATABASE $postgres_database" >/dev/null
export DATABASE_URL="${postgres_admin_url%/*}/$postgres_database"
bench_backend postgres

echo
for name in sqlite postgres; do
  awk -v name="$name" -v runs="$(rps "$name-api-runs")" -v schedule="$(rps "$name-schedule-page-cache-off")" \
      -v warm="$(rps "$name-catalog-page-cache-warm")" -v cold="$(rps "$name-catalog-page-cache-off")" 'BEGIN {
    printf "%-8s GET /api/v1/runs / schedule page (cache off): %.2f   / catalog page warm: %.2f   / catalog page cache off: %.2f\n",
      name, runs / schedule, runs / warm, runs / cold
  }'
done
