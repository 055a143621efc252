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
#   (seeding a million labels takes minutes; the other benchmark can share it),
#   BACKEND=postgresql: the store on a throwaway PostgreSQL cluster of this run
#   (scripts/pg-test-cluster.sh) served by SERVERS (default 2) `iotmark serve`
#   processes, wrk's connections split evenly over them (one wrk per server, run
#   at once; requests/s summed, the worst p99 reported). BACKEND=sqlite (default): one server.
#   Both sides get the same CPU budget: THREADS server threads in all (each of the
#   SERVERS processes runs THREADS/SERVERS, at least 1; SERVER_THREADS overrides) against
#   THREADS nginx workers, and 2 wrk threads in all (split over the wrk processes).
# nginx is configured as an operator serving static files would: sendfile,
# tcp_nopush, tcp_nodelay, open_file_cache, keep-alive, access_log off.
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
backend="${BACKEND:-sqlite}"
case "$backend" in
  sqlite) servers=1 ;;
  postgresql) servers="${SERVERS:-2}" ;;
  *) echo "BACKEND must be sqlite or postgresql" >&2; exit 2 ;;
esac
# Threads per server process: the servers share the cores nginx's workers get.
server_threads="${SERVER_THREADS:-$(( threads / servers > 0 ? threads / servers : 1 ))}"
for tool in wrk nginx sqlite3 curl psql; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool (scripts/install-deps.sh test)"; exit 2; }
done
[ -x "$binary" ] || { echo "no iotmark binary at $binary (set IOTMARK_BINARY)"; exit 2; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d /tmp/iotmark-bench.XXXXXX)"
# nginx's workers run as "nobody" when started by root: they must be able to
# read the bodies under $work/www (mktemp -d makes the folder 0700).
chmod 755 "$work"
server_pids=(); nginx_pid=""; pg_dir=""
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; fi
  if [ -n "$pg_dir" ]; then bash "$root/scripts/pg-test-cluster.sh" stop "$pg_dir"; fi
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

if [ "$backend" = postgresql ]; then
  pg_dir="$work/pg"
  store_url=$(bash "$root/scripts/pg-test-cluster.sh" start "$pg_dir")
  query() { psql -Atq "$store_url" -c "$1"; }
  echo "== seeding $labels labels into PostgreSQL"
  seed_start=$(date +%s.%N)
  "$binary" dev seed --db "$store_url" --labels "$labels" --batch 10000 >/dev/null
  seed_note="seeded in $(printf "%.0f" "$(echo "$(date +%s.%N) - $seed_start" | bc)") s"
  db_mb=$(( $(query "SELECT pg_database_size(current_database())") / 1048576 ))
else
  db="${IOTMARK_BENCH_DB:-$work/registry.db}"
  store_url="sqlite:$db"
  query() { sqlite3 "$db" "$1"; }
  if [ -n "${IOTMARK_BENCH_DB:-}" ] && [ -s "$db" ]; then
    labels=$(query "SELECT COUNT(*) FROM labels")
    seed_note="reused $db"
    echo "== reusing $db ($labels labels)"
  else
    echo "== seeding $labels labels"
    seed_start=$(date +%s.%N)
    "$binary" dev seed --db "$store_url" --labels "$labels" --batch 10000 >/dev/null
    seed_note="seeded in $(printf "%.0f" "$(echo "$(date +%s.%N) - $seed_start" | bc)") s"
  fi
  db_mb=$(( $(stat -c %s "$db") / 1048576 ))
fi

start_server() {  # index → sets base_N; the first one is timed
  local index="$1" started pid line found=""
  started=$(date +%s.%N)
  # Access logs: off on both sides by default (nginx below has access_log off);
  # ACCESS_LOG=- logs every iotmark request to stderr, a path to a buffered file.
  "$binary" serve --db "$store_url" --listen 127.0.0.1:0 --threads "$server_threads" \
    --key-dir "$work/keys" --access-log "${ACCESS_LOG:-off}" \
    >"$work/serve$index.out" 2>"$work/serve$index.log" &
  pid=$!
  server_pids+=("$pid")
  for _ in $(seq 1 60000); do
    if line=$(grep -m1 '^listening on ' "$work/serve$index.out" 2>/dev/null); then found="${line#listening on }"; break; fi
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve$index.log"; exit 1; }
    sleep 0.002
  done
  [ -n "$found" ] || { echo "server $index not ready"; exit 1; }
  bases+=("$found")
  if [ "$index" = 1 ]; then
    listening_ms=$(echo "($(date +%s.%N) - $started) * 1000 / 1" | bc)
    until curl -sf "$found/healthz" >/dev/null; do sleep 0.002; done
    startup_ms=$(echo "($(date +%s.%N) - $started) * 1000 / 1" | bc)
  fi
}
echo "== starting $servers iotmark serve process(es) ($server_threads threads each, store $backend)"
bases=()
for index in $(seq 1 "$servers"); do start_server "$index"; done
base="${bases[0]}"
server_pid="${server_pids[0]}"
rss_start=$(rss_mib "$server_pid")

echo "== sampling $sample registration numbers and their JSON bodies"
query "SELECT registration_number FROM labels ORDER BY random() LIMIT $sample" >"$work/regnos.txt"
mkdir -p "$work/www/api/v1/labels"
awk -v base="$base" -v dir="$work/www/api/v1/labels" \
  '{ printf "url = \"%s/api/v1/labels/%s\"\noutput = \"%s/%s\"\n", base, $1, dir, $1 }' \
  "$work/regnos.txt" >"$work/curl.cfg"
curl -s -K "$work/curl.cfg"
fetched=$(ls "$work/www/api/v1/labels" | wc -l)
[ "$fetched" -eq "$(wc -l <"$work/regnos.txt")" ] || { echo "fetched only $fetched bodies"; exit 1; }

# The other servers answer each sampled label once too (their caches warm).
for other in "${bases[@]:1}"; do
  sed "s#$base#$other#; s#^output = .*#output = \"/dev/null\"#" "$work/curl.cfg" >"$work/curl-other.cfg"
  curl -s -K "$work/curl-other.cfg"
done
rss_warm=$(rss_mib "$server_pid")  # after serving each sampled label once
# A port the kernel just handed out and released (port + 1 may be a client
# socket of the warm-up, which makes nginx's bind fail).
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
daemon off;
worker_rlimit_nofile 65536;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  open_file_cache max=20000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_min_uses 1;
  open_file_cache_errors on;
  keepalive_timeout 65;
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

run_wrk() {  # CONNECTIONS URL... → "requests/s p50 p99 errors" (latencies in ms)
  # One wrk per URL at once, the connections split evenly; requests/s summed,
  # the worst p50/p99 of the runs.
  local total="$1" count i=0 pids=()
  shift
  count=$#
  for url in "$@"; do
    i=$((i + 1))
    # 2 wrk threads in all, as in the single-URL run (at least 1 per wrk).
    wrk -t"$(( 2 / count > 0 ? 2 / count : 1 ))" -c"$((total / count))" -d"${seconds}s" --latency -s "$work/random_label.lua" "$url" \
      >"$work/wrk$i.out" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  local rps=0 p50=0 p99=0 errors=0 one
  for i in $(seq 1 "$count"); do
    one=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk$i.out")
    rps=$(echo "$rps + $one" | bc)
    one=$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk$i.out")")
    p50=$(echo "if ($one > $p50) $one else $p50" | bc)
    one=$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk$i.out")")
    p99=$(echo "if ($one > $p99) $one else $p99" | bc)
    # "Non-2xx or 3xx responses: N" and "Socket errors: connect A, read B, write C, timeout D"
    one=$(awk '/Non-2xx/ {n += $5} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' \
      "$work/wrk$i.out")
    errors=$((errors + one))
  done
  echo "$rps $p50 $p99 $errors"
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
read -r our_rps our_p50 our_p99 our_errors < <(run_wrk "$connections" "${bases[@]}")
rss_load=$(rss_mib "$server_pid")
echo "== wrk: nginx"
read -r nginx_rps nginx_p50 nginx_p99 nginx_errors < <(run_wrk "$connections" "http://127.0.0.1:$nginx_port")

ratio=$(echo "scale=2; $our_rps / $nginx_rps" | bc)
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
echo
echo "machine: $cpu, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "labels: $labels ($seed_note, store $backend ${db_mb} MiB); iotmark: $servers server(s) × $server_threads threads; nginx workers: $threads (tuned: sendfile, tcp_nopush, open_file_cache); access logs: iotmark ${ACCESS_LOG:-off}, nginx off"
printf '%-22s %14s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "errors"
printf '%-22s %14s %10s %10s %8s\n' "iotmark serve" "$our_rps" "$our_p50" "$our_p99" "$our_errors"
printf '%-22s %14s %10s %10s %8s\n' "nginx (tuned, static)" "$nginx_rps" "$nginx_p50" "$nginx_p99" "$nginx_errors"
echo "throughput ratio iotmark/nginx: $ratio (target >= 1.0 against tuned nginx); iotmark p99 ${our_p99} ms at $connections connections (target <= 5 ms at 16)"
echo "iotmark start-up: ${listening_ms} ms to \"listening on\", ${startup_ms} ms to the first /healthz answer"
echo "iotmark RSS at start:   $rss_start"
echo "iotmark RSS after warm-up ($sample labels served once): $rss_warm"
echo "iotmark RSS after the load: $rss_load"
