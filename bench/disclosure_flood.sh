#!/usr/bin/env bash
# A burst of 1,000 portal submissions (POST /api/v1/public/disclosure-requests) from one address
# (127.0.0.1) is throttled (429) while another visitor (127.0.0.2) keeps reading the portal's
# request page quickly (issue #17 item 5). Prints the burst's statuses and the other visitor's
# curl timings before, during and after it (median and worst of each).
#   bench/disclosure_flood.sh          # needs a release build (or FAZHI_BIN=target/debug/fazhi), python3, curl
# Everything stays on loopback; the burst is exactly 1,000 requests from 8 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FAZHI_BIN:-target/release/fazhi}"
[ -x "$bin" ] || cargo build --release -p fazhi
data=$(mktemp -d)
port=18183
f() { "$bin" --data-dir "$data" "$@"; }
f org add --code F1 --name 基准镇 --kind town >/dev/null
"$bin" --data-dir "$data" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
page="http://127.0.0.1:$port/public/disclosure"

visit() { # label count: the other visitor's page timings, from 127.0.0.2
  local label=$1 n=$2
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null --interface 127.0.0.2 -w '%{time_total}\n' "$page"
  done | sort -n | awk -v l="$label" '{ t[NR] = $1 } END {
    printf "   %-22s %3d requests, median %.1f ms, worst %.1f ms\n", l, NR, t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }'
}

echo "== the other visitor (127.0.0.2) before the burst"
visit "before" 30
echo "== 1,000 submissions from 127.0.0.1 (8 threads) while the other visitor reads the page"
python3 - "$port" >"$data/burst.txt" <<'PY' &
import collections, http.client, json, sys, threading, time
port = int(sys.argv[1])
statuses = collections.Counter()
lock = threading.Lock()
body = json.dumps({"org": "F1", "applicant_kind": "person", "applicant_name": "压力测试",
                   "applicant_phone": "13800000000", "information": "基准测试申请"})
def worker(n):
    conn = http.client.HTTPConnection("127.0.0.1", port, source_address=("127.0.0.1", 0))
    for _ in range(n):  # bounded: 125 each, 1,000 in all
        conn.request("POST", "/api/v1/public/disclosure-requests", body, {"content-type": "application/json"})
        r = conn.getresponse(); r.read()
        with lock:
            statuses[r.status] += 1
start = time.time()
threads = [threading.Thread(target=worker, args=(125,)) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(f"   burst: {sum(statuses.values())} requests in {time.time() - start:.1f} s, statuses {dict(sorted(statuses.items()))}")
PY
burst=$!
sleep 0.2
visit "during the burst" 30
wait $burst
cat "$data/burst.txt"
echo "== the other visitor after the burst"
visit "after" 30
echo "== and the other visitor may still file a request (201 expected)"
curl -s -o /dev/null --interface 127.0.0.2 -w '   status %{http_code} in %{time_total} s\n' \
  -H 'content-type: application/json' \
  -d '{"org":"F1","applicant_kind":"person","applicant_name":"另一位访客","applicant_phone":"13900000000","information":"另一项申请"}' \
  "http://127.0.0.1:$port/api/v1/public/disclosure-requests"
