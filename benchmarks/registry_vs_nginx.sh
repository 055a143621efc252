#!/usr/bin/env bash
# GET /api/v1/labels/{regno} of `iotmark serve` against nginx serving the same
# JSON bodies as static files, in the same run, with wrk over random
# registration numbers. Also the server's start-up time and memory (RSS).
#
# Usage: benchmarks/registry_vs_nginx.sh [LABELS=1000000] [SECONDS=15] [CONNECTIONS=64]
#   IOTMARK_BINARY (default build/iotmark), THREADS (server threads = nginx workers, default 2),
#   SAMPLE (random registration numbers requested, default 10000),
#   ACCESS_LOG (iotmark's --access-log: off by default, as nginx's access_log here),
#   IOTMARK_BENCH_DB=PATH keeps the seeded store at PATH and reuses it when it exists
#   (seeding a million labels takes minutes; the other benchmark can share it).
# Talks to 127.0.0.1 only. Prints a table, the throughput ratio, the server's
# start-up time (process start to its "listening on" line, and to the first
# /healthz answer) and its RSS after a warm-up and after the load.
set -euo pipefail
labels="${1:-1000000}"
seconds="${2:-15}"
connections="${3:-64}"
threads="${THREADS:-2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${IOTMARK_BINARY:-$root/build/iotmark}"
sample="${SAMPLE:-10000}"  # distinct labels requested (bodies nginx serves)
for tool in wrk nginx sqlite3 curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool (scripts/install-deps.sh test)"; exit 2; }
done
[ -x "$binary" ] || { echo "no iotmark binary at $binary (set IOTMARK_BINARY)"; exit 2; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/iotmark-bench.XXXXXX)"
# nginx's workers run as "nobody" when started by root: they must be able to
# read the bodies under $work/www (mktemp -d makes the folder 0700).
chmod 755 "$work"
server_pid=""; nginx_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
# VmRSS and its parts: the store is read through a memory map (one per pooled
# SQLite connection), so RSS also counts the touched pages of the database
# file, once per mapping (page cache: shared, reclaimable). PSS counts each
# page once; the anonymous part is the server's own heap.
rss_mib() {
  local pss
  pss=$(awk '/^Pss:/ {printf "%d", $2 / 1024}' "/proc/$1/smaps_rollup" 2>/dev/null || echo "?")
  awk -v pss="$pss" '/^VmRSS/ {t = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2}
       END {printf "RSS %d MiB (anonymous %d, file-backed %d), PSS %s MiB", t / 1024, a / 1024, f / 1024, pss}' \
    "/proc/$1/status"
}

db="${IOTMARK_BENCH_DB:-$work/registry.db}"
if [ -n "${IOTMARK_BENCH_DB:-}" ] && [ -s "$db" ]; then
  labels=$(sqlite3 "$db" "SELECT COUNT(*) FROM labels")
  seed_note="reused $db"
  echo "== reusing $db ($labels labels)"
else
  echo "== seeding $labels labels"
  seed_start=$(date +%s.%N)
  "$binary" dev seed --db "sqlite:$db" --labels "$labels" --batch 10000 >/dev/null
  seed_note="seeded in $(echo "$(date +%s.%N) - $seed_start" | bc | cut -d. -f1) s"
fi
db_mb=$(( $(stat -c %s "$db") / 1048576 ))

echo "== starting iotmark serve ($threads threads)"
start=$(date +%s.%N)
# Access logs: off on both sides by default (nginx below has access_log off);
# ACCESS_LOG=- logs every iotmark request to stderr, a path to a buffered file.
"$binary" serve --db "sqlite:$db" --listen 127.0.0.1:0 --threads "$threads" \
  --access-log "${ACCESS_LOG:-off}" >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 60000); do
  if line=$(grep -m1 '^listening on ' "$work/serve.out" 2>/dev/null); then base="${line#listening on }"; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.002
done
[ -n "$base" ] || { echo "server not ready"; exit 1; }
listening_ms=$(echo "($(date +%s.%N) - $start) * 1000 / 1" | bc)
until curl -sf "$base/healthz" >/dev/null; do sleep 0.002; done
startup_ms=$(echo "($(date +%s.%N) - $start) * 1000 / 1" | bc)
rss_start=$(rss_mib "$server_pid")
port="${base##*:}"

echo "== sampling $sample registration numbers and their JSON bodies"
sqlite3 "$db" "SELECT registration_number FROM labels ORDER BY random() LIMIT $sample" >"$work/regnos.txt"
mkdir -p "$work/www/api/v1/labels"
awk -v base="$base" -v dir="$work/www/api/v1/labels" \
  '{ printf "url = \"%s/api/v1/labels/%s\"\noutput = \"%s/%s\"\n", base, $1, dir, $1 }' \
  "$work/regnos.txt" >"$work/curl.cfg"
curl -s -K "$work/curl.cfg"
fetched=$(ls "$work/www/api/v1/labels" | wc -l)
[ "$fetched" -eq "$(wc -l <"$work/regnos.txt")" ] || { echo "fetched only $fetched bodies"; exit 1; }

rss_warm=$(rss_mib "$server_pid")  # after serving each sampled label once
# A port the kernel just handed out and released (port + 1 may be a client
# socket of the warm-up, which makes nginx's bind fail).
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { etag on; }
  }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 200); do
  curl -sf "http://127.0.0.1:$nginx_port/api/v1/labels/$(head -1 "$work/regnos.txt")" >/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start:"; cat "$work/nginx-error.log"; exit 1; }
  sleep 0.05
done

cat >"$work/random_label.lua" <<LUA
local regnos = {}
for line in io.lines("$work/regnos.txt") do regnos[#regnos + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/labels/" .. regnos[math.random(#regnos)])
end
LUA

run_wrk() {  # URL → "requests/s p50 p99" (latencies in ms)
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/random_label.lua" "$1" >"$work/wrk.out"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.out")
  # "Non-2xx or 3xx responses: N" and "Socket errors: connect A, read B, write C, timeout D"
  errors=$(awk '/Non-2xx/ {n += $5} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' \
    "$work/wrk.out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $errors"
}
to_ms() {  # wrk latency text (e.g. 812.00us, 1.20ms, 2.01s) → milliseconds
  case "$1" in
    *us) echo "scale=3; ${1%us} / 1000" | bc ;;
    *ms) echo "${1%ms}" ;;
    *s) echo "scale=3; ${1%s} * 1000" | bc ;;
    *) echo "?" ;;
  esac
}

echo "== wrk: iotmark ($seconds s, $connections connections)"
read -r our_rps our_p50 our_p99 our_errors < <(run_wrk "$base")
rss_load=$(rss_mib "$server_pid")
echo "== wrk: nginx"
read -r nginx_rps nginx_p50 nginx_p99 nginx_errors < <(run_wrk "http://127.0.0.1:$nginx_port")

ratio=$(echo "scale=2; $our_rps / $nginx_rps" | bc)
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
echo
echo "machine: $cpu, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "labels: $labels ($seed_note, store ${db_mb} MiB); server threads: $threads; nginx workers: $threads; access logs: iotmark ${ACCESS_LOG:-off}, nginx off"
printf '%-22s %14s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "errors"
printf '%-22s %14s %10s %10s %8s\n' "iotmark serve" "$our_rps" "$our_p50" "$our_p99" "$our_errors"
printf '%-22s %14s %10s %10s %8s\n' "nginx (static files)" "$nginx_rps" "$nginx_p50" "$nginx_p99" "$nginx_errors"
echo "throughput ratio iotmark/nginx: $ratio (target >= 0.8); iotmark p99 ${our_p99} ms (target <= 5 ms)"
echo "iotmark start-up: ${listening_ms} ms to \"listening on\", ${startup_ms} ms to the first /healthz answer"
echo "iotmark RSS at start:   $rss_start"
echo "iotmark RSS after warm-up ($sample labels served once): $rss_warm"
echo "iotmark RSS after the load: $rss_load"
