#!/usr/bin/env bash
# The end of README's demo when it runs in a terminal: serves the registry the
# demo built (OUT_DIR of scripts/demo-registry.sh) on 127.0.0.1 again and keeps
# it serving until Ctrl-C, so the printed pages can be opened in a browser.
# Usage: scripts/demo-keep-serving.sh OUT_DIR
# (scripts/demo.sh skips this when stdin or stdout is not a terminal, or with
# IOTMARK_DEMO_KEEP_SERVING=0.)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1"
iotmark="${IOTMARK:-$PWD/build/iotmark}"
db="sqlite:$out/registry.db"
# shellcheck disable=SC1091
source "$out/demo-accounts.env"
# shellcheck source=scripts/demo-lib.sh
source scripts/demo-lib.sh
start_server "$db" "$out/keys" "$out/serve-kept"
echo "登録簿を公開中 / the registry is serving (Ctrl-C で終了 / Ctrl-C stops it):"
echo "  製品ページ / product page:        $base/labels/$regno"
echo "  ラベル検索 / label search:        $base/search"
echo "  事業者ポータル / vendor portal:   $base/signin  (vendor@demo-devices.example / $vendor_password)"
echo "  ログ / server log:                $out/serve-kept.log"
# Ctrl-C reaches the server too (same process group): it stops cleanly and
# `wait` returns; the EXIT trap of demo-lib.sh covers any other way out.
stopped() { echo; echo "停止しました / stopped"; }
trap 'stopped; wait "$server_pid" 2>/dev/null || true; exit 0' INT
wait "$server_pid" || true
