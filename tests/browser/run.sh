#!/usr/bin/env bash
# Runs the browser tests: a fresh registry (temp store, operator account),
# `iotmark serve` on 127.0.0.1 with a free port, then flow.test.mjs driving
# Debian's /usr/bin/chromium through playwright-core. Screenshots go to the
# artefact folder.
# Usage: run.sh IOTMARK_BINARY ARTEFACT_DIR
# Exit: 0 passed, 1 failed, 77 skipped (node_modules or chromium missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$1"
artefacts="$2"
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "SKIP: tests/browser/node_modules is missing; run 'npm ci' in tests/browser (scripts/test.sh does)"
  exit 77
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "SKIP: /usr/bin/chromium is not installed (scripts/install-deps.sh test)"
  exit 77
fi
mkdir -p "$artefacts"
work="$(mktemp -d /tmp/iotmark-browser.XXXXXX)"
server_pid=""
# The store: SQLite in the work folder, or with IOTMARK_TEST_DB_URL
# (postgresql://…/postgres, scripts/pg-test-cluster.sh) a database of this run.
db_url="sqlite:$work/registry.db"
pg_database=""
case "${IOTMARK_TEST_DB_URL:-}" in
  postgresql://*)
    pg_database="iotmark_browser_$$"
    psql -q -v ON_ERROR_STOP=1 "$IOTMARK_TEST_DB_URL" -c \
      "CREATE DATABASE $pg_database TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    db_url="${IOTMARK_TEST_DB_URL%/*}/$pg_database"
    ;;
esac
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_database" ]; then
    psql -q "$IOTMARK_TEST_DB_URL" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
echo "store: $db_url"

export IOTMARK_OPERATOR_EMAIL="operator@iotmark.example.jp"
export IOTMARK_OPERATOR_PASSWORD="operator-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$IOTMARK_OPERATOR_PASSWORD" |
  "$binary" admin init --db "$db_url" --key-dir "$work/keys" --email "$IOTMARK_OPERATOR_EMAIL" \
    --password-file - >"$work/admin.log" 2>&1 || { cat "$work/admin.log"; exit 1; }

"$binary" serve --db "$db_url" --key-dir "$work/keys" --listen 127.0.0.1:0 --threads 2 \
  >"$work/serve.out" 2>"$artefacts/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 200); do
  if line=$(grep -m1 '^listening on ' "$work/serve.out" 2>/dev/null); then
    base="${line#listening on }"
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "iotmark serve exited early:"; cat "$artefacts/serve.log"; exit 1
  fi
  sleep 0.05
done
if [ -z "$base" ]; then echo "iotmark serve did not become ready"; cat "$artefacts/serve.log"; exit 1; fi
case "$base" in
  http://127.*) ;;
  *) echo "refusing a non-loopback server address: $base"; exit 1 ;;
esac
echo "server: $base"
IOTMARK_BASE_URL="$base" IOTMARK_ARTEFACTS="$artefacts" IOTMARK_WORK="$work" \
  node "$here/flow.test.mjs"
