#!/usr/bin/env bash
# The whole test suite, on both backends: SQLite (embedded) and a real PostgreSQL server.
#   FAZHI_TEST_PG   PostgreSQL server URL (default postgres://root@127.0.0.1:5432/test)
set -euo pipefail
cd "$(dirname "$0")/.."

pg="${FAZHI_TEST_PG:-postgres://root@127.0.0.1:5432/test}"
export FAZHI_TEST_PG="$pg"

echo "== 格式与静态检查 (cargo fmt, clippy)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== 测试：SQLite"
FAZHI_TEST_DATABASE=sqlite cargo test --workspace

echo "== 测试：PostgreSQL ($pg)"
# Each test makes its own database; clear those left by earlier runs (this run's stay, to look at).
if command -v psql >/dev/null; then
  psql "$pg" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'fazhi\_test\_%' OR datname LIKE 'fazhi\_schema\_%'" \
    | while read -r db; do psql "$pg" -qc "DROP DATABASE IF EXISTS \"$db\""; done
fi
FAZHI_TEST_DATABASE="$pg" cargo test -p fazhi --test it
