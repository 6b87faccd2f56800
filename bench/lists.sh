#!/usr/bin/env bash
# Every register's list page at 3,000 and at 300,000 records (issue #12: within 2×), on SQLite
# (default) or PostgreSQL:
#   bench/lists.sh                                     # SQLite in temporary data directories
#   bench/lists.sh postgres://root@127.0.0.1:5432      # a server; databases fazhi_lists_* made here
# Needs: a release build, python3, curl. Traffic stays on 127.0.0.1; every loop is bounded.
# For each size a fresh database gets that many records in each ledger register (imported through
# the real import path, in chunks below the import's row cap), then each list's first page is
# requested 30 times after 5 unmeasured requests (cached totals and page cache warm, as a server in
# use runs); the median and the 90th percentile are printed, and the ratio of the two sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/fazhi
[ -x "$bin" ] || cargo build --release -p fazhi
server_url="${1:-}"
port=18182
sizes=(3000 300000)
registers=(disputes consultations legal-aid publicity study-sessions law-exams)
chunk=100000
declare -A median

measure() { # size
  local size=$1 data db
  data=$(mktemp -d)
  if [ -n "$server_url" ]; then
    db="$server_url/fazhi_lists_$size"
    psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS fazhi_lists_$size" -c "CREATE DATABASE fazhi_lists_$size"
  else
    db="sqlite://$data/fazhi.sqlite"
  fi
  f() { "$bin" --data-dir "$data" --database "$db" "$@"; }
  f org add --code L1 --name 基准镇 --kind town >/dev/null
  for v in 1 2 3 4; do f org add --code L1V$v --name 基准${v}村 --kind village --parent L1 >/dev/null; done
  echo 'bench-pass-123' | f user add --username bench --role staff --org L1 >/dev/null
  echo "== $size records in each register"
  for reg in "${registers[@]}"; do
    local left=$size part=0
    while [ "$left" -gt 0 ]; do
      local n=$(( left < chunk ? left : chunk ))
      if [ "$reg" = disputes ]; then
        python3 bench/gen_disputes.py "$n" "$data/$reg.csv" 基准1村 基准2村 基准3村 基准4村
      else
        python3 bench/gen_ledger.py "$reg" "$n" "$data/$reg.csv" 基准1村 基准2村 基准3村 基准4村
        # Distinct exam names per chunk (one score per cadre and year).
        [ "$reg" = law-exams ] && sed -i "2,\$s/^\([0-9]*\),\([^,]*\),/\1,\2-$part,/" "$data/$reg.csv"
      fi
      f import "$reg" "$data/$reg.csv" --org L1 >/dev/null
      left=$(( left - n )); part=$(( part + 1 ))
    done
  done
  "$bin" --data-dir "$data" --database "$db" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  local token
  token=$(curl -sf -H 'content-type: application/json' -d '{"username":"bench","password":"bench-pass-123"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  for reg in "${registers[@]}"; do
    local url="http://127.0.0.1:$port/api/v1/$reg?per_page=25"
    for _ in 1 2 3 4 5; do curl -sf -o /dev/null -H "authorization: Bearer $token" "$url"; done
    local times
    times=$(for _ in $(seq 1 30); do
      curl -s -o /dev/null -w "%{time_total}\n" -H "authorization: Bearer $token" "$url"
    done | sort -n)
    median[$reg,$size]=$(echo "$times" | sed -n 15p | awk '{printf "%.2f", $1*1000}')
    printf "   %-15s median %6s ms   p90 %6.2f ms\n" "$reg" "${median[$reg,$size]}" \
      "$(echo "$times" | sed -n 27p | awk '{print $1*1000}')"
  done
  kill $server; wait $server 2>/dev/null || true
  rm -rf "$data"
  [ -n "$server_url" ] && psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS fazhi_lists_$size"
  return 0
}

for size in "${sizes[@]}"; do measure "$size"; done
echo "== 300,000 vs 3,000 (target: within 2×)"
for reg in "${registers[@]}"; do
  awk -v r="$reg" -v a="${median[$reg,3000]}" -v b="${median[$reg,300000]}" \
    'BEGIN { printf "   %-15s %.2f ms -> %.2f ms  (%.1f×)\n", r, a, b, b / a }'
done
