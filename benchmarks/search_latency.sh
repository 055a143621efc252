#!/usr/bin/env bash
# Latency of Japanese (and Latin) substring searches at scale: wrk against
# GET /api/v1/labels?q=… (the JSON search) and GET /search?q=… (the HTML
# page) with random queries from a fixed list, then against one- and
# two-character rare terms alone (no seeded label holds them: the worst case
# of a scan); prints p50 / p99 of each.
#
# Usage: benchmarks/search_latency.sh [LABELS=1000000] [SECONDS=15] [CONNECTIONS=8]
#   IOTMARK_BINARY (default build/iotmark), IOTMARK_BENCH_DB=PATH keeps the
#   seeded store at PATH and reuses it when it exists. Talks to 127.0.0.1 only.
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
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="${IOTMARK_BENCH_DB:-$work/registry.db}"
if [ -n "${IOTMARK_BENCH_DB:-}" ] && [ -s "$db" ]; then
  command -v sqlite3 >/dev/null && labels=$(sqlite3 "$db" "SELECT COUNT(*) FROM labels")
  echo "== reusing $db ($labels labels)"
else
  echo "== seeding $labels labels"
  "$binary" dev seed --db "sqlite:$db" --labels "$labels" --batch 10000 >/dev/null
fi
"$binary" serve --db "sqlite:$db" --listen 127.0.0.1:0 --threads 2 \
  >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 6000); do
  if line=$(grep -m1 '^listening on ' "$work/serve.out" 2>/dev/null); then base="${line#listening on }"; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.01
done
[ -n "$base" ] || { echo "server not ready"; exit 1; }

# Substrings of the seeded vendor and product names, of every length, some
# typed the Japanese way (full-width Latin, half-width kana: the same hits as
# "CAM", "Sakura", カメラ after normalisation).
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
ソラ
電機
ＣＡＭ
Ｓａｋｕｒａ
ｶﾒﾗ
カ
電
Q
# Rare one- and two-character terms (and rare terms beside dense ones): no
# seeded label holds them, so a scan would read every label.
cat >"$work/rare.txt" <<'Q'
冷
é
冷蔵
檜
ñ
Ω
冷蔵庫
冷 カメラ
é Sakura
Q
cat >"$work/queries.lua" <<LUA
local queries = {}
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines(os.getenv("IOTMARK_SEARCH_QUERIES")) do queries[#queries + 1] = encode(line) end
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
measure() {  # NAME PREFIX QUERY-FILE
  IOTMARK_SEARCH_PREFIX="$2" IOTMARK_SEARCH_QUERIES="$3" wrk -t1 -c"$connections" -d"${seconds}s" --latency \
    -s "$work/queries.lua" "$base" >"$work/wrk.out"
  printf '%-34s %12s %10s %10s %8s\n' "$1" "$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")" \
    "$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk.out")")" \
    "$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.out")")" \
    "$(awk '/Non-2xx/ {n += $5} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/wrk.out")"
}
echo "== sample answers (one request each, cold)"
while IFS= read -r q; do
  answer=$(curl -s -G -w ' %{http_code} %{time_total}' --data-urlencode "q=$q" "$base/api/v1/labels")
  hits=$(printf '%s' "$answer" | { grep -o '"registration_number"' || true; } | wc -l)
  more=$(printf '%s' "$answer" | { grep -o '"has_next_page": *true' || true; })
  read -r code secs <<<"${answer##*\}}"
  printf '  HTTP %s %7.1f ms %3d hits%-13s q=%s\n' "$code" "$(echo "$secs * 1000" | bc)" "$hits" \
    "$([ -n "$more" ] && echo ' (more pages)' || echo '')" "$q"
done < <(cat "$work/queries.txt" "$work/rare.txt")
echo
echo "labels: $labels; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
printf '%-34s %12s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "errors"
measure "GET /api/v1/labels?q= (JSON)" "/api/v1/labels?q=" "$work/queries.txt"
measure "GET /search?q= (HTML page)" "/search?q=" "$work/queries.txt"
measure "rare 1-2 char terms (JSON)" "/api/v1/labels?q=" "$work/rare.txt"
echo "target: p99 <= 50 ms"
