#!/usr/bin/env bash
# A province on PostgreSQL (issue #20 item 4): 1,000 towns in 14 prefectures, 3,000,000 disputes
# over ten years and the other registers in the seed's proportions (bench/province.sql), then
# what a province's users do, measured on the release build:
#   bench/province.sh                                   # server postgres://root@127.0.0.1:5432
#   bench/province.sh postgres://user@host:5432 500 5   # another server, 500 towns, 5 years
# Makes (and leaves, to look at) the database `fazhi_province`; with KEEP=1 measures the one
# already made again (after a change to fazhi or to the server's settings) without generating.
# Needs: a release build, psql, pg_dump, python3, wrk, curl. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FAZHI_BIN:-target/release/fazhi}
[ -x "$bin" ] || cargo build --release -p fazhi
server_url=${1:-postgres://root@127.0.0.1:5432}
towns=${2:-1000}
years=${3:-10}
first_year=$((2024 - years + 1))
db="$server_url/fazhi_province"
# The data directory (audit key and anchor) stays with the database it was made for.
data=${TMPDIR:-/tmp}/fazhi-province-data
port=18282
f() { "$bin" --data-dir "$data" --database "$db" "$@"; }
secs() { python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$1"; }

if [ "${KEEP:-0}" != 1 ]; then
  rm -rf "$data"; mkdir -p "$data"
  psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS fazhi_province" -c "CREATE DATABASE fazhi_province"
  f migrate >/dev/null
  echo "== generate: $towns towns, $years years ($first_year–2024)"
  t0=$(date +%s.%N)
  psql "$db" -q -v towns="$towns" -v years="$years" -v first_year="$first_year" -f bench/province.sql
  psql "$db" -Atc "SELECT '   ' || (SELECT count(*) FROM orgs) || ' organisations, ' ||
    (SELECT count(*) FROM disputes) || ' disputes, ' || (SELECT count(*) FROM consultations) ||
    ' consultations, ' || (SELECT count(*) FROM publicity_events) || ' publicity events; database ' ||
    pg_size_pretty(pg_database_size('fazhi_province'))"
  echo "   in $(secs "$t0") s"
  # One case with a party found nowhere else: the rare word.
  psql "$db" -qc "UPDATE disputes SET parties_text = '努尔兰别克、王建国', version = version + 1
    WHERE id = (SELECT min(id) FROM disputes WHERE town_id = (SELECT id FROM orgs WHERE code = 'T0001') AND case_year = 2023)"

  for u in "prov P65 leader" "pref P65F01 leader" "town T0001 staff"; do
    set -- $u
    echo 'bench-pass-123' | f user add --username "$1" --role "$3" --org "$2" >/dev/null
  done
fi

"$bin" --data-dir "$data" --database "$db" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$data"/disputes.csv "$data"/province.dump' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
login() {
  curl -sf -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"bench-pass-123\"}" \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
prov=$(login prov); pref=$(login pref); town=$(login town)

run() { # label token path
  echo "== $1"
  wrk -t2 -c16 -d3s -H "authorization: Bearer $2" "http://127.0.0.1:$port$3" >/dev/null
  wrk -t2 -c16 -d10s --latency -H "authorization: Bearer $2" "http://127.0.0.1:$port$3" \
    | grep -E "Requests/sec|50%|99%|Non-2xx"
}
run "town list, 25 newest of 2023 (target p99 ≤ 20 ms)" "$town" "/api/v1/disputes?year=2023&per_page=25"
run "prefecture list, 25 newest of 2023" "$pref" "/api/v1/disputes?year=2023&per_page=25"
run "province list, 25 newest of 2023 (target p99 ≤ 50 ms)" "$prov" "/api/v1/disputes?year=2023&per_page=25"
run "province list, all years" "$prov" "/api/v1/disputes?per_page=25"

once() { # token path → seconds
  curl -s -o /dev/null -w "%{time_total}\n" -H "authorization: Bearer $1" "http://127.0.0.1:$port$2"
}
median() { # label token path
  local times
  times=$(for _ in 1 2 3 4 5 6 7 8 9; do once "$2" "$3"; done)
  printf "   %s: median %.1f ms (first %.1f ms)\n" "$1" \
    "$(echo "$times" | sort -n | sed -n 5p | awk '{print $1*1000}')" \
    "$(echo "$times" | head -n 1 | awk '{print $1*1000}')"
}
rare="%E5%8A%AA%E5%B0%94%E5%85%B0%E5%88%AB%E5%85%8B"   # 努尔兰别克: one case in the province
common="%E8%8D%89%E5%9C%BA%E7%BA%A0%E7%BA%B7"          # 草场纠纷: one case in seven
echo "== search (target: town median ≤ 20 ms)"
median "town, rare word" "$town" "/api/v1/disputes?q=$rare&per_page=25"
median "town, common word" "$town" "/api/v1/disputes?q=$common&per_page=25"
median "province, rare word" "$prov" "/api/v1/disputes?q=$rare&per_page=25"
median "province, common word" "$prov" "/api/v1/disputes?q=$common&per_page=25"

timed() { # label token path: the first request and a repeat
  printf "   %s: first %.0f ms, repeat %.1f ms\n" "$1" \
    "$(once "$2" "$3" | awk '{print $1*1000}')" "$(once "$2" "$3" | awk '{print $1*1000}')"
}
echo "== figures (the dashboard's numbers) at each level"
timed "town" "$town" "/api/v1/figures?year=2023"
timed "prefecture" "$pref" "/api/v1/figures?year=2023"
timed "province" "$prov" "/api/v1/figures?year=2023"
echo "== annual reports (target: the province roll-up ≤ 5 s)"
timed "town report (HTML)" "$town" "/api/v1/reports/annual?year=2023&format=html"
timed "town report (DOCX)" "$town" "/api/v1/reports/annual?year=2023&format=docx"
timed "province roll-up (HTML)" "$prov" "/api/v1/reports/annual?year=2023&format=html"
echo "== server memory (target ≤ 200 MB)"
grep -E "VmRSS|VmHWM" "/proc/$server/status" | awk '{printf "   %s %.1f MB\n", $1, $2/1024}'

[ "${KEEP:-0}" = 1 ] && exit 0
echo "== import a 100,000-row ledger into the full database (T0002)"
python3 bench/gen_disputes.py 100000 "$data/disputes.csv" $(for v in 1 2 3 4 5 6 7 8; do printf '基准2镇%s村 ' $v; done)
# Until 已导入 (committed, every case found by search), then until the search index has caught
# up and the command exits (migration 0061; bench/load.sh measures the same way).
t0=$(date +%s.%N)
/usr/bin/time -f "   exit after %e s, max RSS %M KB" \
  "$bin" --data-dir "$data" --database "$db" import disputes "$data/disputes.csv" --org T0002 \
  | while IFS= read -r line; do printf "   %s: %s s\n" "$line" "$(secs "$t0")"; done

echo "== pg_dump (custom format)"
t0=$(date +%s.%N)
pg_dump -Fc -f "$data/province.dump" "$db"
echo "   $(du -m "$data/province.dump" | cut -f1) MB in $(secs "$t0") s"
