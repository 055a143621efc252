#!/usr/bin/env bash
# The monitoring step of README's demo (issue 16), on the registry that
# scripts/demo-registry.sh left in OUT_DIR: serves it again on 127.0.0.1, the
# vendor attaches the demo firmware's SBOM (tests/fixtures/sbom/
# demo-firmware.cdx.json: OpenSSL 3.0.7, BusyBox 1.37.0, zlib 1.3.1) with
# `iotmark sbom attach`, `iotmark vulndb update` imports a small real NVD
# subset (tests/fixtures/vulndb/nvd-real-subset.json: CVE-2023-0286 OpenSSL,
# CVE-2022-48174 BusyBox ≤ 1.36.1, CVE-2021-32012 SheetJS), the OpenSSL
# finding is shown, the vendor adds firmware 1.2.0 and triages the finding
# as fixed in it, and the public monitoring view is printed.
# Usage: scripts/demo-monitoring.sh OUT_DIR   (iotmark from build/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: demo-monitoring.sh OUT_DIR (of demo-registry.sh)}"
iotmark="${IOTMARK:-$PWD/build/iotmark}"
db="sqlite:$out/registry.db"
# shellcheck disable=SC1091
source "$out/demo-accounts.env"

free_port() {
  local port
  for port in $(seq 18080 18999); do
    if ! ss -Hltn "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
  echo "demo-monitoring: no free port in 18080-18999" >&2; exit 2
}
port=$(free_port)
base="http://127.0.0.1:$port"
"$iotmark" serve --db "$db" --listen "127.0.0.1:$port" --public-url "$base" --key-dir "$out/keys" \
  >"$out/serve-monitoring.stdout" 2>"$out/serve-monitoring.log" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$out/serve-monitoring.stdout" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/serve-monitoring.log" >&2; exit 2; }
  sleep 0.1
done

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
    echo "demo-monitoring: $method $path → HTTP $code: $response" >&2
    exit 1
  fi
  printf '%s' "$response"
}
vendor=$(api POST /api/v1/session "$(jq -nc --arg p "$vendor_password" '{email:"vendor@demo-devices.example",password:$p}')" | jq -r .token)
(umask 077; printf '%s\n' "$vendor" >"$out/vendor.token")
firmware=$(api GET "/api/v1/products/$product" "" "$vendor" | jq -r '.firmware_versions[0].version')

"$iotmark" sbom attach tests/fixtures/sbom/demo-firmware.cdx.json --server "$base" \
  --product "$product" --firmware "$firmware" --token-file "$out/vendor.token"
rm -f "$out/vulns.db"
"$iotmark" vulndb update tests/fixtures/vulndb/nvd-real-subset.json --db "$out/vulns.db" \
  --registry "$db" 2>/dev/null
api GET /api/v1/findings "" "$vendor" >"$out/findings.json"
jq -r '.findings[] | "  検出 / finding #\(.id): \(.cve_id) (CVSS \(.base_score)) \(.component) \(.component_version) [\(.version_range)], firmware \(.firmware_version), 確認期限 / triage by \(.acknowledge_due)"' "$out/findings.json"
finding=$(jq -r '[.findings[] | select(.cve_id == "CVE-2023-0286")][0].id' "$out/findings.json")

api POST "/api/v1/products/$product/firmware-versions" '{"version":"1.2.0"}' "$vendor" >/dev/null
api POST "/api/v1/findings/$finding/triage" \
  '{"status":"fixed","fixed_in_version":"1.2.0","note":"OpenSSL 3.0.8 in firmware 1.2.0"}' "$vendor" \
  | jq -r '"  評価 / triage: \(.public_state)"'
api GET "/api/v1/labels/$regno/monitoring" >"$out/monitoring.json"
jq -r '.firmware_versions[] | "  firmware \(.version): SBOM \(if .sbom_kept then "kept (private)" else "none" end)"' "$out/monitoring.json"
echo
echo "公開の監視情報 / public monitoring view: $base/api/v1/labels/$regno/monitoring (saved: $out/monitoring.json)"
echo "製品ページ / product page: $base/labels/$regno"
