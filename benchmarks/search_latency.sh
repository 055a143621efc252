#!/usr/bin/env bash
# Latency of Japanese (and Latin) substring searches at scale: wrk against
# GET /api/v1/labels?q=… (the JSON search) and GET /search?q=… (the HTML
# page) with random queries from a fixed list; prints p50 / p99.
#
# Usage: benchmarks/search_latency.sh [LABELS=1000000] [SECONDS=15] [CONNECTIONS=8]
#   IOTMARK_BINARY (default build/iotmark). Talks to 127.0.0.1 only.
set -euo pipefail
labels="${1:-1000000}"
seconds="${2:-15}"
connections="${3:-8}"
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${IOTMARK_BINARY:-$root/build/iotmark}"
command -v wrk >/dev/null || { echo "missing wrk (scripts/install-deps.sh test)"; exit 2; }
[ -x "$binary" ] || { echo "no iotmark binary at $binary (set IOTMARK_BINARY)"; exit 2; }

work="$(mktemp -d /tmp/iotmark-search.XXXXXX)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== seeding $labels labels"
"$binary" dev seed --db "sqlite:$work/registry.db" --labels "$labels" --batch 10000 >/dev/null
"$binary" serve --db "sqlite:$work/registry.db" --listen 127.0.0.1:0 --threads 2 \
  >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 6000); do
  if line=$(grep -m1 '^listening on ' "$work/serve.out" 2>/dev/null); then base="${line#listening on }"; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.01
done
[ -n "$base" ] || { echo "server not ready"; exit 1; }

# Substrings of the seeded vendor and product names (3+ characters use the
# trigram index; the two-character ones exercise the fallback).
cat >"$work/queries.txt" <<'Q'
防犯カメラ
カメラ
ミハル
スマートロック
ルーター
見守りセン
東京電機
大阪通信
ネットワークス
ゲートウェイ
複合機
エアコン
ハヤテ スマ
Sakura
Networks
CAM-3
Q
cat >"$work/queries.lua" <<LUA
local queries = {}
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines("$work/queries.txt") do queries[#queries + 1] = encode(line) end
math.randomseed(os.time())
local prefix = os.getenv("IOTMARK_SEARCH_PREFIX")
request = function()
  return wrk.format("GET", prefix .. queries[math.random(#queries)])
end
LUA
to_ms() {
  case "$1" in
    *us) echo "scale=3; ${1%us} / 1000" | bc ;;
    *ms) echo "${1%ms}" ;;
    *s) echo "scale=3; ${1%s} * 1000" | bc ;;
    *) echo "?" ;;
  esac
}
measure() {  # NAME PREFIX
  IOTMARK_SEARCH_PREFIX="$2" wrk -t1 -c"$connections" -d"${seconds}s" --latency \
    -s "$work/queries.lua" "$base" >"$work/wrk.out"
  printf '%-34s %12s %10s %10s %8s\n' "$1" "$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")" \
    "$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk.out")")" \
    "$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.out")")" \
    "$(awk '/Non-2xx/ {print $4}' "$work/wrk.out" | grep . || echo 0)"
}
echo "== sample answers"
for q in 防犯カメラ ミハル; do
  total=$(curl -s "$base/api/v1/labels?q=$(printf '%s' "$q" | od -An -tx1 | tr ' ' '%' | tr -d '\n' | tr 'a-f' 'A-F')" |
          sed -n 's/.*"total": *\([0-9]*\).*/\1/p')
  echo "  q=$q → total ${total:-?}"
done
echo
echo "labels: $labels; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
printf '%-34s %12s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "non-2xx"
measure "GET /api/v1/labels?q= (JSON)" "/api/v1/labels?q="
measure "GET /search?q= (HTML page)" "/search?q="
echo "target: p99 <= 50 ms"
