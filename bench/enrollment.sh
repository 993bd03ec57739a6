#!/usr/bin/env bash
# Enrollment throughput of the release build, on SQLite and on PostgreSQL,
# measured side by side in one run: 50 signed-in learners (50 connections)
# enroll as fast as the server takes them, each request a new seat in a run
# (the real server function: session, authorization, the conditional seat
# UPDATE, the place, its reminder jobs, its email and its audit entry, one
# transaction). Beside it, the same learners calling a read-only server
# function (the enroll page's data) on the same server: what the write costs.
# And the same enrollment through the JSON API, by an admin's token naming the
# learner by email, each request with its own Idempotency-Key (the key is
# claimed and the answer stored, two more writes per request).
# Afterwards the database is checked: one place per acknowledged request and
# no run above its capacity. The yardsticks, measured in the same run: raw
# single-row SQLite commits per second on the same disk with the server's
# durability (WAL, synchronous=FULL, one transaction per row), and pgbench's
# simple-update rate with the same number of clients on the same PostgreSQL.
#
#   bench/enrollment.sh [SECONDS_PER_TARGET] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --with-load-generator
source scripts/lib.sh

duration=${1:-10}
connections=${2:-50}
learners=50
postgres_admin_url=${KURSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
postgres_url="${postgres_admin_url%/*}/kurso_bench_enrollment"

step "Release build"
cargo leptos build --release >/dev/null

work=$(mktemp -d)
server_pid=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
trap 'stop_server; rm -rf "$work"' EXIT

start_server() {
  local port; port=$(free_port)
  # Registration is rate limited per address; the bench registers from one.
  env KURSO_ADDRESS="127.0.0.1:$port" RUST_LOG=warn KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE=100000 KURSO_API_REQUESTS_PER_MINUTE=100000000 \
    target/release/kurso serve >"$work/server.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$port"
  wait_for "$base/readyz" 120
}

sql() { bench/sql.py "$DATABASE_URL" "$1"; }

# Signs up the learners; their session cookies go one per line into cookies.txt.
sign_up_learners() {
  : >"$work/cookies.txt"
  for n in $(seq 1 "$learners"); do
    local jar="$work/jar.$n"
    curl -fsS -o /dev/null -c "$jar" -H "Origin: $base" \
      --data-urlencode "name=Bench Learner $n" --data-urlencode "email=bench$n@example.com" \
      --data-urlencode "password=mango jeepney $n sunset harbour" --data-urlencode "accept_terms=yes" \
      "$base/api/accounts/register"
    awk '$6 == "kurso_session" { print $7 }' "$jar" >>"$work/cookies.txt"
  done
  [ "$(grep -c . "$work/cookies.txt")" -eq "$learners" ] || { echo "sign-up failed" >&2; exit 1; }
}

# wrk script: each thread takes every n-th learner (a session cookie, or an
# email for the API) and every n-th run, so no learner asks twice for one
# run; every request is a new seat.
write_script() { # path kind(enroll|choice|api)
  local request
  if [ "$2" = api ]; then
    # The learner by email, and a key no other request uses.
    request='wrk.format("POST", "/api/v1/runs/" .. run .. "/enrollments", {
    ["Authorization"] = "Bearer '"$token"'",
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. index .. "-" .. counter,
  }, "{\"email\":\"" .. learner .. "\"}")'
  else
    request='wrk.format("POST", "/api/enrollment/'"$2"'", {
    ["Cookie"] = "kurso_session=" .. learner,
    ["Origin"] = "'"$base"'",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "run_id=" .. run)'
  fi
  cat >"$1" <<LUA
local learners, runs, mine = {}, {}, {}
local counter, index, threads = 0, 0, 1
local created = 0
function setup(thread)
  thread:set("index", created)
  created = created + 1
end
function init(args)
  index = wrk.thread:get("index")
  threads = tonumber(args[3])
  for line in io.lines(args[1]) do learners[#learners + 1] = line end
  for line in io.lines(args[2]) do runs[#runs + 1] = line end
  for i = index + 1, #learners, threads do mine[#mine + 1] = learners[i] end
end
function request()
  local run = runs[counter * threads + index + 1]
  local learner = mine[counter % #mine + 1]
  counter = counter + 1
  return $request
end
LUA
}

measure() { # label kind
  local label=$1 kind=$2 out rps p99 requests non2xx people=cookies
  [ "$kind" = api ] && people=emails
  write_script "$work/$kind.lua" "$kind"
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/$kind.lua" "$base" \
    -- "$work/$people.txt" "$work/runs.$kind.txt" 2)
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  printf '%-34s %10s req/s   p99 %9s   %s requests, %s refused\n' "$label" "$rps" "$p99" "$requests" "${non2xx:-0}"
  echo "$rps" >"$work/rps.$label"
  echo "$requests" >"$work/requests.$label"
  echo "${non2xx:-0}" >"$work/refused.$label"
}

bench_backend() { # name
  local name=$1
  step "$name: seeding 5,000 generated courses (25,000 runs), signing up $learners learners"
  target/release/kurso seed-demo --scale 5000 | grep -v '@demo.kurso.test'
  # Room for everyone: this measures taking seats, not the waitlist.
  sql "UPDATE course_runs SET capacity = 1000, seats_taken = 0" >/dev/null
  sql "SELECT r.id FROM course_runs r JOIN courses c ON c.id = r.course_id
       WHERE r.status = 'scheduled' AND c.is_published = TRUE AND r.starts_at > CURRENT_TIMESTAMP
       ORDER BY r.id" >"$work/runs.enroll.txt"
  # The read-only call may repeat runs: it changes nothing.
  for _ in $(seq 20); do cat "$work/runs.enroll.txt"; done >"$work/runs.choice.txt"
  # The API takes the runs from the other end: no learner asks twice for one.
  tac "$work/runs.enroll.txt" >"$work/runs.api.txt"
  seq 1 "$learners" | sed 's/.*/bench&@example.com/' >"$work/emails.txt"
  python3 -c 'import secrets; print("harbour lantern " + secrets.token_hex(16))' \
    | target/release/kurso create-admin --email bench-admin@example.com --name "Bench admin" >/dev/null
  token=$(target/release/kurso create-api-token --email bench-admin@example.com --name bench --scopes enrollments:write)
  start_server
  sign_up_learners
  # Enrolling needs a confirmed email; the bench confirms them in the database.
  sql "UPDATE users SET email_verified_at = '2026-01-01T00:00:00Z' WHERE email LIKE 'bench%@example.com'" >/dev/null
  measure "$name-enroll" enroll
  measure "$name-read-only-choice" choice
  measure "$name-api-enroll" api
  stop_server
  local placed over acknowledged
  placed=$(sql "SELECT COUNT(*) FROM enrollments WHERE status = 'confirmed'")
  over=$(sql "SELECT COUNT(*) FROM course_runs WHERE seats_taken > capacity
              OR seats_taken <> (SELECT COUNT(*) FROM enrollments e WHERE e.run_id = course_runs.id AND e.status = 'confirmed')")
  acknowledged=$(( $(cat "$work/requests.$name-enroll") - $(cat "$work/refused.$name-enroll")
                   + $(cat "$work/requests.$name-api-enroll") - $(cat "$work/refused.$name-api-enroll") ))
  echo "$name: $placed seats in the database for $acknowledged acknowledged requests (wrk may count a few in flight at the end); runs off their count or capacity: $over"
  [ "$over" -eq 0 ] || { echo "capacity invariant broken" >&2; exit 1; }
}

# One-row transactions, one after another, durable as the server's: the most
# commits per second this disk gives SQLite. Prints commits/s.
raw_sqlite_commits() { # seconds
  python3 - "$work/raw.db" "$1" <<'PY'
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=FULL")
connection.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
commits, began = 0, time.perf_counter()
while time.perf_counter() - began < float(sys.argv[2]):
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO rows (value) VALUES (?)", ("x" * 64,))
    connection.execute("COMMIT")
    commits += 1
print(f"{commits / (time.perf_counter() - began):.0f}")
PY
}

# pgbench's built-in simple-update transaction (three updates and an insert,
# one commit) from as many clients as the bench has learners. Prints tps.
pgbench_simple_update() { # database-url seconds
  pgbench -i -q -s 10 "$1" >/dev/null 2>&1
  pgbench -b simple-update -c "$connections" -j 2 -T "$2" "$1" 2>/dev/null | awk '/^tps/ { printf "%.0f", $3 }'
}

step "SQLite"
raw_sqlite_commits "$duration" >"$work/rps.sqlite-raw-commits"
printf '%-34s %10s commits/s (one row per transaction, WAL, synchronous=FULL)\n' "sqlite-raw-commits" "$(cat "$work/rps.sqlite-raw-commits")"
export DATABASE_URL="sqlite://$work/kurso.db"
bench_backend sqlite

step "PostgreSQL"
bench/sql.py "$postgres_admin_url" "DROP DATABASE IF EXISTS kurso_bench_enrollment" >/dev/null
bench/sql.py "$postgres_admin_url" "CREATE DATABASE kurso_bench_enrollment" >/dev/null
export DATABASE_URL="$postgres_url"
bench/sql.py "$postgres_admin_url" "DROP DATABASE IF EXISTS kurso_bench_pgbench" >/dev/null
bench/sql.py "$postgres_admin_url" "CREATE DATABASE kurso_bench_pgbench" >/dev/null
pgbench_simple_update "${postgres_admin_url%/*}/kurso_bench_pgbench" "$duration" >"$work/rps.pgbench-simple-update"
bench/sql.py "$postgres_admin_url" "DROP DATABASE kurso_bench_pgbench" >/dev/null
printf '%-34s %10s tps (pgbench -b simple-update, %s clients)\n' "pgbench-simple-update" "$(cat "$work/rps.pgbench-simple-update")" "$connections"
bench_backend postgres
bench/sql.py "$postgres_admin_url" "DROP DATABASE kurso_bench_enrollment" >/dev/null

rps() { cat "$work/rps.$1"; }
echo
awk -v se="$(rps sqlite-enroll)" -v sc="$(rps sqlite-read-only-choice)" \
    -v sr="$(rps sqlite-raw-commits)" -v pb="$(rps pgbench-simple-update)" \
    -v pe="$(rps postgres-enroll)" -v pc="$(rps postgres-read-only-choice)" -v c="$connections" \
    -v sa="$(rps sqlite-api-enroll)" -v pa="$(rps postgres-api-enroll)" 'BEGIN {
  printf "enrollments/s, %d concurrent learners:  SQLite %.0f   PostgreSQL %.0f\n", c, se, pe
  printf "through the API with Idempotency-Key:  SQLite %.0f   PostgreSQL %.0f\n", sa, pa
  printf "API / server function, SQLite:         %.2f\n", sa / se
  printf "API / server function, PostgreSQL:     %.2f\n", pa / pe
  printf "PostgreSQL / SQLite (enroll):          %.2f\n", pe / se
  printf "enroll / read-only call, SQLite:       %.2f\n", se / sc
  printf "enroll / read-only call, PostgreSQL:   %.2f\n", pe / pc
  printf "enroll / raw SQLite commits:           %.2f   (goal >= 0.3)\n", se / sr
  printf "enroll / pgbench simple-update:        %.2f   (goal >= 0.3)\n", pe / pb
}'
