#!/usr/bin/env bash
# GET /api/v1/labels/{regno} of `iotmark serve` against nginx serving the same
# JSON bodies as static files, in the same run, with wrk over random
# registration numbers. Also the server's start-up time and memory (RSS).
#
# Usage: benchmarks/registry_vs_nginx.sh [LABELS=1000000] [SECONDS=15] [CONNECTIONS=64]
#   IOTMARK_BINARY (default build/iotmark), THREADS (server threads = nginx workers, default 2)
# Talks to 127.0.0.1 only. Prints a table and the throughput ratio.
set -euo pipefail
labels="${1:-1000000}"
seconds="${2:-15}"
connections="${3:-64}"
threads="${THREADS:-2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="${IOTMARK_BINARY:-$root/build/iotmark}"
sample=10000
for tool in wrk nginx sqlite3 curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool (scripts/install-deps.sh test)"; exit 2; }
done
[ -x "$binary" ] || { echo "no iotmark binary at $binary (set IOTMARK_BINARY)"; exit 2; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/iotmark-bench.XXXXXX)"
server_pid=""; nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== seeding $labels labels"
seed_start=$(date +%s.%N)
"$binary" dev seed --db "sqlite:$work/registry.db" --labels "$labels" --batch 10000 >/dev/null
seed_seconds=$(echo "$(date +%s.%N) - $seed_start" | bc)
db_mb=$(( $(stat -c %s "$work/registry.db") / 1048576 ))

echo "== starting iotmark serve ($threads threads)"
start=$(date +%s.%N)
"$binary" serve --db "sqlite:$work/registry.db" --listen 127.0.0.1:0 --threads "$threads" \
  >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
base=""
for _ in $(seq 1 6000); do
  if line=$(grep -m1 '^listening on ' "$work/serve.out" 2>/dev/null); then base="${line#listening on }"; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.01
done
[ -n "$base" ] || { echo "server not ready"; exit 1; }
until curl -sf "$base/healthz" >/dev/null; do sleep 0.01; done
startup_ms=$(echo "($(date +%s.%N) - $start) * 1000 / 1" | bc)
port="${base##*:}"

echo "== sampling $sample registration numbers and their JSON bodies"
sqlite3 "$work/registry.db" "SELECT registration_number FROM labels ORDER BY random() LIMIT $sample" >"$work/regnos.txt"
mkdir -p "$work/www/api/v1/labels"
awk -v base="$base" -v dir="$work/www/api/v1/labels" \
  '{ printf "url = \"%s/api/v1/labels/%s\"\noutput = \"%s/%s\"\n", base, $1, dir, $1 }' \
  "$work/regnos.txt" >"$work/curl.cfg"
curl -s -K "$work/curl.cfg"
fetched=$(ls "$work/www/api/v1/labels" | wc -l)
[ "$fetched" -eq "$(wc -l <"$work/regnos.txt")" ] || { echo "fetched only $fetched bodies"; exit 1; }

nginx_port=$(( port + 1 ))
while curl -s "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1; do nginx_port=$(( nginx_port + 1 )); done
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
until curl -sf "http://127.0.0.1:$nginx_port/api/v1/labels/$(head -1 "$work/regnos.txt")" >/dev/null; do sleep 0.05; done

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
  errors=$(awk '/Non-2xx/ {print $4}' "$work/wrk.out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${errors:-0}"
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
curl -s "$base/api/v1/labels/$(head -1 "$work/regnos.txt")" >/dev/null
read -r our_rps our_p50 our_p99 our_errors < <(run_wrk "$base")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
echo "== wrk: nginx"
read -r nginx_rps nginx_p50 nginx_p99 nginx_errors < <(run_wrk "http://127.0.0.1:$nginx_port")

ratio=$(echo "scale=2; $our_rps / $nginx_rps" | bc)
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
echo
echo "machine: $cpu, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "labels: $labels (seeded in ${seed_seconds%.*} s, store ${db_mb} MiB); server threads: $threads; nginx workers: $threads"
printf '%-22s %14s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-22s %14s %10s %10s %8s\n' "iotmark serve" "$our_rps" "$our_p50" "$our_p99" "$our_errors"
printf '%-22s %14s %10s %10s %8s\n' "nginx (static files)" "$nginx_rps" "$nginx_p50" "$nginx_p99" "$nginx_errors"
echo "throughput ratio iotmark/nginx: $ratio (target >= 0.8); iotmark p99 ${our_p99} ms (target <= 5 ms)"
echo "iotmark start-up: ${startup_ms} ms; RSS after the run: $(( rss_kb / 1024 )) MiB"
