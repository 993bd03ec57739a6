#!/usr/bin/env bash
# Crash safety of enrollment on SQLite and on PostgreSQL: learners enroll from
# 16 threads, the release server is killed with SIGKILL after 150 success
# answers, restarted on the same database, and checked: every acknowledged
# enrollment present, seat counts equal to the places held and within
# capacity, waitlist numbers distinct (see bench/crash.py).
#
#   bench/crash.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
source scripts/lib.sh

postgres_admin_url=${KURSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "SQLite"
python3 bench/crash.py "sqlite://$work/kurso.db"

step "PostgreSQL"
bench/sql.py "$postgres_admin_url" "DROP DATABASE IF EXISTS kurso_bench_crash" >/dev/null
bench/sql.py "$postgres_admin_url" "CREATE DATABASE kurso_bench_crash" >/dev/null
python3 bench/crash.py "${postgres_admin_url%/*}/kurso_bench_crash"
bench/sql.py "$postgres_admin_url" "DROP DATABASE kurso_bench_crash" >/dev/null
