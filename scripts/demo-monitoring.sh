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

# shellcheck source=scripts/demo-lib.sh
source scripts/demo-lib.sh
start_server "$db" "$out/keys" "$out/serve-monitoring"

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
# The label's CSAF 2.0 VEX document now carries the triage: affected below
# 1.2.0 (vendor_fix naming it), fixed from 1.2.0 on.
api GET "/api/v1/labels/$regno/csaf" >"$out/csaf-list.json"
csaf_url=$(jq -r '[.documents[] | select(.category == "csaf_vex")][0].url // empty' "$out/csaf-list.json")
if [ -n "$csaf_url" ]; then
  csaf_path="/${csaf_url#*://*/}"
  curl -sf "$base$csaf_path" >"$out/csaf-vex.json"
  jq -r '.vulnerabilities[] | select(.cve == "CVE-2023-0286") | .product_status
         | to_entries[] | "  CSAF \(.key): \(.value | join(", "))"' "$out/csaf-vex.json"
  jq -r '.vulnerabilities[] | select(.cve == "CVE-2023-0286") | .remediations[]?
         | "  CSAF remediation \(.category): \(.details)"' "$out/csaf-vex.json"
fi
echo
echo "CSAF VEX 文書 / CSAF VEX document: ${csaf_url:-(none)} (署名 / signature: ${csaf_url:+$csaf_url.asc}; saved: $out/csaf-vex.json)"
echo "公開の監視情報 / public monitoring view: $base/api/v1/labels/$regno/monitoring (saved: $out/monitoring.json)"
echo "製品ページ / product page: $base/labels/$regno"
