#!/usr/bin/env bash
# README's demo command: installs dependencies, builds, and runs iotmark end to
# end on the embedded default store (SQLite), everything on 127.0.0.1:
#   ★1 criteria → simulated device → device tests → checklist (validated,
#   exported) → application → label → public page.
# Output files go to demo-out/ (or $IOTMARK_DEMO_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh build
bash scripts/build.sh normal
out="${IOTMARK_DEMO_OUT:-demo-out}"
rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export IOTMARK="$PWD/build/iotmark"
step() { printf '\n== %s\n' "$*"; }

step "1. JC-STAR ★1 適合基準 / criteria"
"$IOTMARK" catalog list --scheme jcstar-star1

step "2. 模擬機器 → 実機テスト → チェックリスト / simulated device → device tests → checklist"
bash scripts/demo-devtest.sh "$out/devtest"
checklist_file="$out/devtest/checklist/checklist.json"

step "3. チェックリストの検証と出力 / validate and export the checklist"
"$IOTMARK" checklist validate "$checklist_file"
"$IOTMARK" checklist export "$checklist_file" --format xlsx -o "$out/checklist.xlsx"
"$IOTMARK" checklist export "$checklist_file" --format md -o "$out/checklist.md"
echo "  $out/checklist.xlsx, $out/checklist.md"

step "4. 申請 → 適合ラベル → 公開ページ / application → label → public page"
bash scripts/demo-registry.sh "$checklist_file" "$out/registry"

step "5. SBOM → 脆弱性監視 → 評価 / SBOM → vulnerability monitoring → triage"
bash scripts/demo-monitoring.sh "$out/registry"

# From a terminal the registry keeps serving at the printed URLs until Ctrl-C
# (a script or CI run ends here; IOTMARK_DEMO_KEEP_SERVING=0 ends it too).
if [ -t 0 ] && [ -t 1 ] && [ "${IOTMARK_DEMO_KEEP_SERVING:-1}" != 0 ]; then
  step "6. 登録簿を公開したまま / keep the registry serving"
  bash scripts/demo-keep-serving.sh "$out/registry"
fi
