#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (Debian's postgresql-15):
# initdb into a temp folder, the server on 127.0.0.1 and a free port, its
# socket in the same folder. Runs as the `postgres` user (initdb and
# postgres refuse root). fsync is off: the cluster holds test data only.
#
#   scripts/pg-test-cluster.sh start DIR   # DIR must not exist; prints the URL
#   scripts/pg-test-cluster.sh url DIR     # postgresql://iotmark@127.0.0.1:PORT/postgres
#   scripts/pg-test-cluster.sh stop DIR    # stops the server (fast) and removes DIR
#   scripts/pg-test-cluster.sh halt DIR    # stops the server, keeps DIR (fault tests)
#   scripts/pg-test-cluster.sh resume DIR  # starts a halted server again on its port
#
# The URL has superuser rights on the cluster; the tests create a database
# per test process from it (store::TestStoreUrl, IOTMARK_TEST_DB_URL).
set -euo pipefail
command="${1:-}"
dir="${2:-}"
bin=/usr/lib/postgresql/15/bin
usage() { echo "usage: $0 start|url|stop|halt|resume DIR" >&2; exit 2; }
[ -n "$command" ] && [ -n "$dir" ] || usage
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$command" in
  start)
    [ -x "$bin/initdb" ] || { echo "$bin/initdb missing: apt-get install postgresql-15" >&2; exit 2; }
    [ ! -e "$dir" ] || { echo "$dir exists already" >&2; exit 2; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U iotmark -E UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: the kernel picks one for a socket bound to port 0.
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
      if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=300" \
          start >"$dir/pg_ctl.log" 2>&1; then
        echo "postgresql://iotmark@127.0.0.1:$port/postgres" >"$dir/url"
        cat "$dir/url"
        exit 0
      fi
      grep -q "could not bind\|already in use" "$dir/server.log" 2>/dev/null || break
    done
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
    exit 1
    ;;
  url)
    cat "$dir/url"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  halt)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >"$dir/pg_ctl.log" 2>&1 ||
      { cat "$dir/pg_ctl.log" >&2; exit 1; }
    ;;
  resume)
    dir="$(cd "$dir" && pwd)"
    url="$(cat "$dir/url")"
    port="${url##*:}"
    port="${port%%/*}"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=300" \
      start >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
    ;;
  *) usage ;;
esac
