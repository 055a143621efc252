#!/usr/bin/env bash
# The registry half of README's demo: starts `iotmark serve` on 127.0.0.1 with a
# fresh SQLite store, a vendor applies with CHECKLIST, the operator runs the
# supply-chain inquiry, accepts, invoices, records payment and issues the
# label; then the public page, the label image and the signed record are
# fetched and the record and transparency log are verified offline.
# Usage: scripts/demo-registry.sh CHECKLIST OUT_DIR   (iotmark from build/)
set -euo pipefail
cd "$(dirname "$0")/.."
checklist="${1:?usage: demo-registry.sh CHECKLIST OUT_DIR}"
out="${2:?usage: demo-registry.sh CHECKLIST OUT_DIR}"
iotmark="${IOTMARK:-$PWD/build/iotmark}"
mkdir -p "$out"
db="sqlite:$out/registry.db"

# shellcheck source=scripts/demo-lib.sh
source scripts/demo-lib.sh
admin_password="demo-Operator-pass-$(date +%s)"
vendor_password="demo-Vendor-pass-$(date +%s)"
printf '%s' "$admin_password" | "$iotmark" admin init --db "$db" --email operator@registry.example \
  --password-file - --key-dir "$out/keys" >/dev/null

start_server "$db" "$out/keys" "$out/serve"

login() { api POST /api/v1/session "$(jq -nc --arg e "$1" --arg p "$2" '{email:$e,password:$p}')" | jq -r .token; }

admin=$(login operator@registry.example "$admin_password")
vendor_name=$(jq -r .basic_info.vendor "$checklist")
organization=$(api POST /api/v1/organizations "$(jq -nc --arg n "$vendor_name" \
  '{name:$n,name_en:"Demo Devices Co., Ltd.",contact_email:"psirt@demo-devices.example",
    disclosure_policy:{policy_url:"https://demo-devices.example/psirt",acknowledge_within_days:5,status_update_every_days:30}}')" "$admin" | jq -r .id)
api POST /api/v1/users "$(jq -nc --arg p "$vendor_password" --argjson o "$organization" \
  '{email:"vendor@demo-devices.example",password:$p,role:"vendor-member",organization_id:$o}')" "$admin" >/dev/null
echo "  組織 / organisation #$organization「$vendor_name」, vendor user vendor@demo-devices.example"

vendor=$(login vendor@demo-devices.example "$vendor_password")
product=$(api POST /api/v1/products "$(jq -c '{model_number:.basic_info.model_number,name:.basic_info.product_name,product_type:.basic_info.product_type}' "$checklist")" "$vendor" | jq -r .id)
api POST "/api/v1/products/$product/firmware-versions" \
  "$(jq -c '{version:.basic_info.firmware_version,released_on:"2026-10-01"}' "$checklist")" "$vendor" >/dev/null
application=$(api POST /api/v1/applications "$(jq -c --argjson p "$product" '{product_id:$p,kind:"new",checklist:.}' "$checklist")" "$vendor" | jq -r .id)
api POST "/api/v1/applications/$application/submit" '{}' "$vendor" >/dev/null
echo "  申請 / application #$application submitted (product #$product)"

api POST "/api/v1/applications/$application/inquiry" '{}' "$admin" >/dev/null
api POST "/api/v1/applications/$application/inquiry-result" '{"result":"cleared","note":"サプライチェーン照会: 問題なし / supply-chain inquiry cleared"}' "$admin" >/dev/null
api POST "/api/v1/applications/$application/accept" '{}' "$admin" >/dev/null
invoice=$(api POST "/api/v1/applications/$application/invoice" '{}' "$admin")
echo "  受付・請求 / accepted and invoiced: $(jq -r '.fee.amount_jpy // "?"' <<<"$invoice") JPY"
api POST "/api/v1/applications/$application/payment" '{}' "$admin" >/dev/null
regno=$(api POST "/api/v1/applications/$application/issue" '{}' "$admin" | jq -r .registration_number)
echo "  適合ラベル発行 / label issued: $regno"
# For the next demo step (scripts/demo-monitoring.sh), readable only by us.
(umask 077; printf 'vendor_password=%q\nproduct=%q\nregno=%q\n' "$vendor_password" "$product" "$regno" >"$out/demo-accounts.env")

api GET "/api/v1/labels/$regno" >"$out/label.json"
api GET "/api/v1/labels/$regno/record" >"$out/label-record.json"
api GET "/api/v1/labels/$regno/assessment" >"$out/assessment-oscal.json"
api GET /.well-known/iotmark-label-key | jq -r .key_file >"$out/label-signing.pub"
curl -sSf "$base/labels/$regno/label.svg" -o "$out/label.svg"
curl -sSf "$base/labels/$regno/label.png" -o "$out/label.png"
curl -sSf "$base/labels/$regno" -o "$out/product-page.html"
"$iotmark" label verify "$out/label-record.json" --key "$out/label-signing.pub"
"$iotmark" log verify --db "$db" --key "$out/label-signing.pub"
# A buyer-side mirror of the public registry from the signed bulk export.
rm -rf "$out/mirror"
"$iotmark" mirror --from "$base" --dir "$out/mirror" --key "$out/label-signing.pub" 2>/dev/null
echo "  status: $(jq -r .status "$out/label.json"), valid until $(jq -r .valid_until "$out/label.json")"
# CSAF 2.0 (docs/csaf.md): a vulnerability fixed in the next firmware, published as a signed VEX.
firmware=$(jq -r .basic_info.firmware_version "$checklist")
next=$(awk -F. -v OFS=. '{ $NF = $NF + 1; print }' <<<"$firmware")
api POST "/api/v1/products/$product/vulnerabilities" "$(jq -nc --arg v "$next" \
  '{identifier:"CVE-2024-12797",severity:"high",fixed_in_version:$v}')" "$vendor" >/dev/null
api POST "/api/v1/products/$product/updates" "$(jq -nc --arg v "$next" '{version:$v,released_on:"2026-11-20",
  summary:"脆弱性修正 / vulnerability fix",security_relevant:true}')" "$vendor" >/dev/null
csaf_url=$(api GET "/api/v1/labels/$regno/csaf" | jq -r '.documents[] | select(.category=="csaf_vex") | .url')
curl -sSf "$csaf_url" -o "$out/csaf-vex.json" && curl -sSf "$csaf_url.asc" -o "$out/csaf-vex.json.asc"
(export GNUPGHOME="$(mktemp -d)"; trap 'rm -rf "$GNUPGHOME"' EXIT
 curl -sSf "$(api GET /.well-known/csaf/provider-metadata.json | jq -r '.public_openpgp_keys[0].url')" |
   gpg --batch -q --import 2>/dev/null
 gpg --batch -q --verify "$out/csaf-vex.json.asc" "$out/csaf-vex.json" 2>&1 | grep -m1 'Good signature' |
   sed 's/^gpg: /  CSAF VEX OpenPGP: /')
echo
echo "公開ページ / public product page: $base/labels/$regno"
echo "CSAF 2.0 VEX 文書 / document: $csaf_url"
echo "(the server stops when this script ends; files in $out/)"
