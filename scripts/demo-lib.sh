# Shared by the demo scripts (sourced): a free port, starting `iotmark serve`
# on 127.0.0.1 until its readiness line, and api() against it.
# Needs: $iotmark; start_server sets $base and $server_pid and stops the
# server when the sourcing script exits.

free_port() {
  local port
  for port in $(seq 18080 18999); do
    if ! ss -Hltn "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
  echo "demo: no free port in 18080-18999" >&2; exit 2
}

# start_server DB_URL KEY_DIR LOG_PREFIX
start_server() {
  local db="$1" keys="$2" log="$3" port
  port=$(free_port)
  base="http://127.0.0.1:$port"
  "$iotmark" serve --db "$db" --listen "127.0.0.1:$port" --public-url "$base" --key-dir "$keys" \
    >"$log.stdout" 2>"$log.log" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    grep -q "listening on" "$log.stdout" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log.log" >&2; exit 2; }
    sleep 0.1
  done
}

# api METHOD PATH [JSON] [TOKEN] -> prints the body; fails on an HTTP error.
api() {
  local method="$1" path="$2" body="${3:-}" token="${4:-}"
  local args=(-sS -X "$method" -H 'Content-Type: application/json' -w '\n%{http_code}')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(--data-binary "$body")
  local response code
  response=$(curl "${args[@]}" "$base$path")
  code=$(tail -n1 <<<"$response")
  response=$(sed '$d' <<<"$response")
  if [ "$code" -ge 400 ]; then
    echo "demo: $method $path → HTTP $code: $response" >&2
    exit 1
  fi
  printf '%s' "$response"
}
