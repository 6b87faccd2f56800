#!/usr/bin/env bash
# The public portal under load: a cached portal page (a town's home) with 16 connections on the
# same machine, target ≥ 20,000 requests/s; then the same page revalidated with If-None-Match
# (304s). The cache's invalidation on publish is tested in tests/it/portal.rs.
#   bench/portal.sh                  # SQLite in a temporary data directory, the demo town loaded
# Needs: a release build (cargo build --release), wrk (Debian package `wrk`), curl, sqlite3.
#   FAZHI_BIN=target/debug/fazhi bench/portal.sh   # another build (the figure is then not the target's)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FAZHI_BIN:-target/release/fazhi}"
[ -x "$bin" ] || cargo build --release -p fazhi
data=$(mktemp -d)
db="sqlite://$data/fazhi.sqlite"
port=18182
"$bin" --data-dir "$data" --database "$db" demo load >/dev/null
town=$(sqlite3 "$data/fazhi.sqlite" "SELECT code FROM orgs WHERE kind = 'town' ORDER BY id LIMIT 1" 2>/dev/null || echo DEMO)
"$bin" --data-dir "$data" --database "$db" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
page="http://127.0.0.1:$port/public/$town/"
curl -sf -o /dev/null "$page" || { echo "no portal home at $page"; exit 1; }
etag=$(curl -sf -D - -o /dev/null "$page" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "== cached portal home $page (target ≥ 20000 req/s)"
wrk -t2 -c16 -d3s "$page" >/dev/null
wrk -t2 -c16 -d10s --latency "$page" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== the same page revalidated (If-None-Match: $etag → 304)"
wrk -t2 -c16 -d10s -H "If-None-Match: $etag" "$page" | grep -E "Requests/sec|Non-2xx"
