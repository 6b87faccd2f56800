#!/usr/bin/env bash
# Sign-in flood (issue #12 item 1): without signing in, 1,000 login attempts with distinct
# 1 MB usernames must not grow the server's memory. Target: RSS after within 20 MB of before.
#   bench/login_flood.sh          # needs a release build (cargo build --release), python3, curl
# Then 300 attempts with distinct short usernames and wrong passwords, which reach the
# throttle, the password check (argon2id, 19 MiB each) and the audit log, sent from five
# loopback addresses (127.0.0.2–6) so that the per-address limit (60 a minute) does not stop
# them. All traffic stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/fazhi
[ -x "$bin" ] || cargo build --release -p fazhi
data=$(mktemp -d)
port=18182
"$bin" --data-dir "$data" serve --bind 127.0.0.1:$port >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
# Warm-up: the first requests allocate the runtime's and the database pool's buffers once.
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -H 'content-type: application/json' \
    -d '{"username":"warmup","password":"wrong-password"}' "http://127.0.0.1:$port/api/v1/auth/login"
done
before=$(rss)
echo "== 1,000 sign-ins with distinct 1 MB usernames (target: RSS within 20 MB of before)"
python3 - "$port" <<'PY'
import http.client, json, sys, time, collections
port = int(sys.argv[1])
pad = "x" * (1024 * 1024)
statuses = collections.Counter()
conn = http.client.HTTPConnection("127.0.0.1", port)
start = time.time()
for i in range(1000):  # bounded: exactly 1,000 requests
    body = json.dumps({"username": f"{i:04d}{pad}", "password": "wrong-password"})
    conn.request("POST", "/api/v1/auth/login", body, {"content-type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    statuses[resp.status] += 1
print(f"   {sum(statuses.values())} requests in {time.time() - start:.1f} s, statuses {dict(statuses)}")
PY
after=$(rss)
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f MB", kb / 1024 }'; }
echo "   RSS before $(mb "$before"), after $(mb "$after"), growth $(mb $((after - before)))"
echo "== 300 sign-ins with distinct short usernames and wrong passwords from 127.0.0.2–6"
python3 - "$port" <<'PY'
import http.client, json, sys, time, collections
port = int(sys.argv[1])
statuses = collections.Counter()
start = time.time()
for i in range(300):  # bounded: 60 from each of five loopback addresses
    if i % 60 == 0:
        conn = http.client.HTTPConnection("127.0.0.1", port, source_address=(f"127.0.0.{2 + i // 60}", 0))
    body = json.dumps({"username": f"nobody{i}", "password": "wrong-password"})
    conn.request("POST", "/api/v1/auth/login", body, {"content-type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    statuses[resp.status] += 1
print(f"   {sum(statuses.values())} requests in {time.time() - start:.1f} s, statuses {dict(statuses)}")
PY
last=$(rss)
echo "   RSS after $(mb "$last"), growth since the start $(mb $((last - before)))"
if [ $(( after - before )) -gt $(( 20 * 1024 )) ]; then
  echo "FAIL: the 1 MB usernames grew RSS by more than 20 MB" >&2
  exit 1
fi
