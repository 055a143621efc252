#!/usr/bin/env bash
# Refreshes the seed files of fuzz/corpus/ that are copies of real files of
# the repository (scheme packs, NVD fixtures, docs examples, `checklist init`
# output, label records signed by fuzz_label_seeds). Hand-written seeds and
# kept crashing inputs (crash-*) are left as they are.
# Needs build/iotmark (scripts/build.sh normal) and build-fuzz/ (scripts/build.sh fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
C=fuzz/corpus
extract_blocks() {  # extract_blocks FILE LANG OUTDIR PREFIX: the ```LANG blocks of a Markdown file
  awk -v lang="$2" -v out="$3/$4" -v ext="$5" '
    $0 ~ "^```" lang { inside = 1; n++; file = out "-" n ext; next }
    /^```/ { inside = 0; next }
    inside { print > file }' "$1"
}
mkdir -p $C/checklist_json $C/checklist_yaml $C/target_file $C/scheme_pack $C/nvd_feed \
  $C/nvd_feed_gzip $C/json_body $C/label_verify
extract_blocks docs/checklist-format.md json $C/checklist_json docs-checklist .json
extract_blocks docs/checklist-format.md yaml $C/checklist_yaml docs-checklist .yaml
build/iotmark checklist init --scheme jcstar-star1 -o $C/checklist_json/init-jcstar-star1.json --force >/dev/null
build/iotmark checklist init --scheme jcstar-star1 -o $C/checklist_yaml/init-jcstar-star1.yaml --force >/dev/null
extract_blocks docs/target-format.md yaml $C/target_file docs-target .yaml
cp tests/devtest/demo-target.yaml $C/target_file/
for pack in $(find schemes -name '*.yaml' | sort); do
  cp "$pack" "$C/scheme_pack/$(echo "${pack#schemes/}" | tr / _)"
done
cp tests/fixtures/vulndb/nvd-test-feed.json tests/fixtures/vulndb/nvd-real-subset.json $C/nvd_feed/
cp tests/fixtures/vulndb/real/nvd-cve-subset.json $C/nvd_feed/nvd-real-cve-subset.json
gzip -9 -n -c tests/fixtures/vulndb/nvd-real-subset.json > $C/nvd_feed/nvd-real-subset.json.gz
cp $C/nvd_feed/*.json $C/nvd_feed_gzip/
extract_blocks docs/api.md json $C/json_body docs-api .json
build-fuzz/fuzz/fuzz_label_seeds $C/label_verify
