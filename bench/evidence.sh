#!/usr/bin/env bash
# Evidence pack of a large figure (issue #19 item 7): 100,000 disputes of 2023 with 10,000
# attachments (16 KB each, distinct), downloaded as one pack from GET /api/v1/evidence while
# the server's RSS is sampled every 50 ms. Target: peak RSS < 100 MB (the pack is streamed:
# records read 500 at a time, files copied one by one, the index spooled to disk).
#   bench/evidence.sh            # release build if present, else debug (FAZHI_BIN to choose)
# Needs python3 and curl; SQLite in a temporary data directory; traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${FAZHI_BIN:-target/release/fazhi}
if [ ! -x "$bin" ]; then
  bin=target/debug/fazhi
  echo "(no release build: using the debug build $bin)"
  [ -x "$bin" ] || cargo build -p fazhi
fi
data=$(mktemp -d)
db="sqlite://$data/fazhi.sqlite"
port=18183
f() { "$bin" --data-dir "$data" --database "$db" "$@"; }

f org add --code B1 --name 基准镇 --kind town >/dev/null
for v in 1 2 3 4 5 6 7 8; do f org add --code B1V$v --name 基准${v}村 --kind village --parent B1 >/dev/null; done
echo 'bench-pass-123' | f user add --username bench --role staff --org B1 >/dev/null
python3 bench/gen_disputes.py 100000 "$data/disputes.csv" 基准1村 基准2村 基准3村 基准4村 基准5村 基准6村 基准7村 基准8村
f import disputes "$data/disputes.csv" --org B1 >/dev/null
echo "== 10,000 attachments (16 KB each) on 10,000 of the cases"
python3 - "$data" <<'PY'
import hashlib, os, sqlite3, sys, datetime
data = sys.argv[1]
con = sqlite3.connect(os.path.join(data, "fazhi.sqlite"))
cases = con.execute("SELECT id, org_id FROM disputes ORDER BY id LIMIT 10000").fetchall()
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
rows = []
for i, (case, org) in enumerate(cases):  # bounded: 10,000 files
    body = (f"photo {i} ".encode() * 2048)[:16384]
    sha = hashlib.sha256(body).hexdigest()
    d = os.path.join(data, "attachments", sha[:2])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, sha[2:]), "wb") as out:
        out.write(body)
    rows.append((org, "dispute", case, sha, f"现场照片{i % 3 + 1}.jpg", "image/jpeg", len(body), "bench", now))
con.executemany("INSERT INTO attachments (org_id, entity, entity_id, sha256, file_name, content_type, "
                "size_bytes, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,?,?,?)", rows)
con.commit()
print(f"   {len(rows)} attachments")
PY

"$bin" --data-dir "$data" --database "$db" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -H 'content-type: application/json' -d '{"username":"bench","password":"bench-pass-123"}' \
  "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
before=$(rss)
echo "== the pack of figure disputes, 2023 (target: peak RSS < 100 MB)"
curl -sf -o "$data/pack.zip" -w "   %{size_download} bytes in %{time_total} s (first byte after %{time_starttransfer} s)\n" \
  -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/evidence?org=B1&year=2023&figure=disputes" &
download=$!
peak=$before
while kill -0 $download 2>/dev/null; do
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.05
done
wait $download
python3 - "$data/pack.zip" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
print(f"   {len(names) - 1} attachments and the index; zip test: {z.testzip() or 'ok'}")
PY
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f MB", kb / 1024 }'; }
echo "   server RSS before $(mb "$before"), peak during the download $(mb "$peak")"
if [ "$peak" -gt $(( 100 * 1024 )) ]; then
  echo "FAIL: peak RSS over 100 MB" >&2
  exit 1
fi
