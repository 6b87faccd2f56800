#!/usr/bin/env bash
# Sign-in flood (issue #12 item 1): without signing in, 1,000 login attempts with distinct
# 1 MB usernames must not grow the server's memory. Target: RSS after within 20 MB of before.
#   bench/login_flood.sh          # needs a release build (cargo build --release), python3, curl
# Also 300 attempts with distinct short usernames and wrong passwords, which reach the
# throttle, the password check and the audit log. All traffic stays on 127.0.0.1.
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
echo "   RSS before ${before} KB, after ${after} KB, growth $(( (after - before) / 1024 )) MB"
echo "== 300 sign-ins with distinct short usernames and wrong passwords (throttle, argon2, audit)"
python3 - "$port" <<'PY'
import http.client, json, sys, time, collections
port = int(sys.argv[1])
statuses = collections.Counter()
conn = http.client.HTTPConnection("127.0.0.1", port)
start = time.time()
for i in range(300):  # bounded
    body = json.dumps({"username": f"nobody{i}", "password": "wrong-password"})
    conn.request("POST", "/api/v1/auth/login", body, {"content-type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    statuses[resp.status] += 1
print(f"   {sum(statuses.values())} requests in {time.time() - start:.1f} s, statuses {dict(statuses)}")
PY
last=$(rss)
echo "   RSS after ${last} KB, growth since the start $(( (last - before) / 1024 )) MB"
if [ $(( after - before )) -gt $(( 20 * 1024 )) ]; then
  echo "FAIL: the 1 MB usernames grew RSS by more than 20 MB" >&2
  exit 1
fi
