#!/usr/bin/env bash
# An article page through the anonymous page cache, measured side by side in
# one run on the release build with the demo data on SQLite:
#   - the article "What is a backend developer?" with the cache warm, beside
#     the same bytes served from memory by the same process (the ceiling for a
#     page of that size), and with the cache off (KURSO_CACHE_MAX_MEGABYTES=0),
#     which renders it from the database each time;
#   - the blog list the same way.
# Requests carry no cookie, as a first visit does (so the page has the banner).
#
#   bench/blog.sh [SECONDS_PER_TARGET] [CONNECTIONS]
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
export KURSO_DATA_KEY
KURSO_DATA_KEY=$(head -c 32 /dev/urandom | base64)

step "Seeding the demo data"
target/release/kurso seed-demo | grep -v '@demo.kurso.test'

article_path="/blog/what-is-a-backend-developer"
list_path="/blog"

# The ceilings need the pages' exact bytes before the server starts.
start_server
curl -fsS "$base$article_path" -o "$work/article.html"
curl -fsS "$base$list_path" -o "$work/list.html"
stop_server

step "Measuring: ${duration}s per target, $connections connections, wrk on the same 2 cores"
printf '%-40s %18s   %13s\n' "target" "throughput" "latency"
start_server KURSO_BENCH_PAGE_COPY="$work/article.html"
measure "article-page-cache-warm" "$base$article_path"
measure "article-page-bytes-from-memory" "$base/__bench/page-copy"
stop_server
start_server KURSO_BENCH_PAGE_COPY="$work/list.html"
measure "blog-list-cache-warm" "$base$list_path"
measure "blog-list-bytes-from-memory" "$base/__bench/page-copy"
stop_server
start_server KURSO_CACHE_MAX_MEGABYTES=0
measure "article-page-cache-off" "$base$article_path"
measure "blog-list-cache-off" "$base$list_path"
stop_server

echo
echo "article page: $(wc -c <"$work/article.html") bytes, blog list: $(wc -c <"$work/list.html") bytes (uncompressed)"
awk -v aw="$(rps article-page-cache-warm)" -v am="$(rps article-page-bytes-from-memory)" -v ao="$(rps article-page-cache-off)" \
    -v lw="$(rps blog-list-cache-warm)" -v lm="$(rps blog-list-bytes-from-memory)" -v lo="$(rps blog-list-cache-off)" 'BEGIN {
  printf "article: warm / same bytes from memory:   %.2f\n", aw / am
  printf "article: cache off / warm:                %.2f\n", ao / aw
  printf "blog:    warm / same bytes from memory:   %.2f\n", lw / lm
  printf "blog:    cache off / warm:                %.2f\n", lo / lw
}'
