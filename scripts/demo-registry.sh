#!/usr/bin/env bash
# The registry half of README's demo: starts `iotmark serve` on 127.0.0.1 with a
# fresh SQLite store, a vendor applies with CHECKLIST, the operator runs the
# supply-chain inquiry, accepts, invoices, records payment and issues the
# label; then the public page, the label image and the signed record are
# fetched and the record and transparency log are verified offline. Then a
# ★3 (third-party) label: an evaluation lab and its evaluator, an
# application naming the lab, the lab's evaluation report, the operator's
# certification (第三者認証), fee and issue.
# Usage: scripts/demo-registry.sh CHECKLIST OUT_DIR   (iotmark from build/)
# IOTMARK_DEMO_SCHEMES_DIR: the scheme packs the server loads, `:`-separated
# (default schemes/ with the TEST DATA pack tests/fixtures/schemes/jcstar-test/
# overlaid: the public ★3 criteria are not in the seeds, so the ★3 step runs on
# that pack's invented criteria and fee); IOTMARK_DEMO_STAR3_SCHEME: the scheme
# of the ★3 application (default: the server's default scheme).
set -euo pipefail
cd "$(dirname "$0")/.."
checklist="${1:?usage: demo-registry.sh CHECKLIST OUT_DIR}"
out="${2:?usage: demo-registry.sh CHECKLIST OUT_DIR}"
iotmark="${IOTMARK:-$PWD/build/iotmark}"
mkdir -p "$out"
db="sqlite:$out/registry.db"
export IOTMARK_SCHEMES_DIR="${IOTMARK_DEMO_SCHEMES_DIR:-$PWD/schemes:$PWD/tests/fixtures/schemes/jcstar-test}"
star3_scheme="${IOTMARK_DEMO_STAR3_SCHEME:-}"

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

# ★3: third-party evaluation (docs/api.md "Evaluation body").
lab_password="demo-Lab-pass-$(date +%s)"
lab=$(api POST /api/v1/organizations '{"name":"デモ評価ラボ株式会社","name_en":"Demo Evaluation Lab","kind":"evaluation-lab","contact_email":"eval@demo-lab.example"}' "$admin" | jq -r .id)
api POST /api/v1/users "$(jq -nc --arg p "$lab_password" --argjson o "$lab" \
  '{email:"evaluator@demo-lab.example",password:$p,role:"lab-evaluator",organization_id:$o}')" "$admin" >/dev/null
evaluator=$(login evaluator@demo-lab.example "$lab_password")
echo "  評価機関 / evaluation lab #$lab, evaluator evaluator@demo-lab.example"
model3="$(jq -r .basic_info.model_number "$checklist")-S3"
product3=$(api POST /api/v1/products "$(jq -c --arg m "$model3" '{model_number:$m,name:(.basic_info.product_name+" (★3)"),product_type:.basic_info.product_type}' "$checklist")" "$vendor" | jq -r .id)
api POST "/api/v1/products/$product3/firmware-versions" \
  "$(jq -c '{version:.basic_info.firmware_version,released_on:"2026-10-01"}' "$checklist")" "$vendor" >/dev/null
# The ★3 checklist: the ★1 answers plus the level's own criteria (with the
# default packs the TEST DATA criteria T3.1-01…03, answered from documents).
star3_extra=$("$iotmark" catalog show jcstar-star1 --json |
  jq -c '[.levels[] | select(.id == "star3") | .effective_criteria[] | select(startswith("S1.") | not)]')
echo "  ★3 の追加基準 / ★3's own criteria: $(jq -r 'join(", ")' <<<"$star3_extra") (TEST DATA unless IOTMARK_DEMO_SCHEMES_DIR says otherwise)"
extra_results='[]'
for id in $(jq -r '.[]' <<<"$star3_extra"); do
  methods=$("$iotmark" catalog show "$id" --json | jq -c '[.evaluation_methods[]? | .kind]')
  extra_results=$(jq -c --arg id "$id" --argjson m "$methods" '. + [if ($m | index("device-test")) then
    {criterion:$id, verdict:"conform", method:"device-test",
     evidence:[{path:("evidence/" + $id + ".json"), sha256:("b" * 64), description:"試験記録 / test record"}]}
    else {criterion:$id, verdict:"conform", method:"document"} end]' <<<"$extra_results")
done
jq --argjson extra "$extra_results" '.results += $extra' "$checklist" >"$out/checklist-star3.json"
checklist3="$out/checklist-star3.json"
application3=$(api POST /api/v1/applications "$(jq -c --argjson p "$product3" --argjson l "$lab" --arg s "$star3_scheme" \
  '{product_id:$p,kind:"new",level:"star3",evaluation_lab_id:$l,checklist:.} + (if $s == "" then {} else {scheme:$s} end)' "$checklist3")" "$vendor" | jq -r .id)
api POST "/api/v1/applications/$application3/submit" '{}' "$vendor" >/dev/null
api POST "/api/v1/applications/$application3/inquiry" '{}' "$admin" >/dev/null
api POST "/api/v1/applications/$application3/inquiry-result" '{"result":"cleared"}' "$admin" >/dev/null
api POST "/api/v1/applications/$application3/accept" '{}' "$admin" >/dev/null
echo "  ★3 申請 / application #$application3 names lab #$lab: $(api GET /api/v1/evaluations "" "$evaluator" | jq '.evaluations | length') in the lab's list"
# The lab's report file and one result per criterion of the checklist.
jq -r '"評価報告書 / evaluation report: " + .basic_info.product_name, (.results[] | .criterion + ": " + .verdict)' \
  "$checklist3" >"$out/evaluation-report-star3.txt"
report_sha=$(sha256sum "$out/evaluation-report-star3.txt" | cut -d' ' -f1)
report=$(api POST "/api/v1/evaluations/$application3/report" "$(jq -c --arg h "$report_sha" \
  '{results:[.results[] | {criterion, result:({conform:"pass",nonconform:"fail",na:"na"}[.verdict])}],
    report_sha256:$h, summary:"デモ評価報告書 / demo evaluation report"}' "$checklist3")" "$evaluator")
echo "  評価報告 / evaluation report: $(jq '.results | length' <<<"$report") criteria, $(jq .failures <<<"$report") failed, sha256 $report_sha"
api POST "/api/v1/applications/$application3/certify" '{}' "$admin" >/dev/null
echo "  第三者認証 / certified"
# The fee of the packs loaded (with the default packs the TEST DATA pack's invented ★3 fee).
api POST "/api/v1/applications/$application3/invoice" '{}' "$admin" >/dev/null
api POST "/api/v1/applications/$application3/payment" '{}' "$admin" >/dev/null
regno3=$(api POST "/api/v1/applications/$application3/issue" '{}' "$admin" | jq -r .registration_number)
api GET "/api/v1/labels/$regno3" >"$out/label-star3.json"
curl -sSf "$base/labels/$regno3" -o "$out/product-page-star3.html"
echo "  ★3 適合ラベル発行 / label issued: $regno3 ($(jq -r '.certification.name_ja + " / " + .certification.name_en + ", " + .certification.evaluation_lab' "$out/label-star3.json"))"

echo
echo "公開ページ / public product page: $base/labels/$regno"
echo "★3 公開ページ / ★3 product page: $base/labels/$regno3"
echo "CSAF 2.0 VEX 文書 / document: $csaf_url"
echo "(the server stops when this script ends; files in $out/)"
