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
FAZHI_TEST_DATABASE="$pg" cargo test -p fazhi --test it
