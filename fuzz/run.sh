#!/usr/bin/env bash
# Runs the libFuzzer targets of build-fuzz/ (bash scripts/build.sh fuzz) on
# their seed corpora, two at a time, and fails on any crash, leak, timeout or
# sanitizer report. Usage:
#   bash fuzz/run.sh [--time SECONDS] [--runs N] [--jobs J] [TARGET ...]
# --time: wall time per target (default 60); --runs: inputs per target
# instead (with --time too: whichever comes first). Writes
# build-fuzz/fuzz/work/<target>/ (grown corpus, log) and build-fuzz/fuzz/summary.txt (inputs run per target); a crashing input is
# kept as build-fuzz/fuzz/work/<target>/crash-* and printed.
set -euo pipefail
cd "$(dirname "$0")/.."
time_per_target=60
time_given=""
runs=""
jobs=2
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time_per_target="$2"; time_given=1; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "fuzz/run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
bin=build-fuzz/fuzz
all=(checklist_json_fuzz checklist_yaml_fuzz target_file_fuzz scheme_pack_fuzz nvd_feed_fuzz
     nvd_feed_gzip_fuzz http_request_fuzz json_body_fuzz form_data_fuzz label_verify_fuzz)
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for target in "${targets[@]}"; do
  if [ ! -x "$bin/$target" ]; then
    echo "fuzz/run.sh: $bin/$target is not built (bash scripts/build.sh fuzz)" >&2
    exit 2
  fi
done

# Seeds: fuzz/corpus/<target without _fuzz>/, real files of the repository
# (scheme packs, fixtures incl. the real NVD subset, docs examples, signed
# label records; fuzz/update-seeds.sh refreshes them) and every crashing
# input found so far; dictionaries from fuzz/dict/.
prepare() {  # prepare TARGET WORK → fills WORK/seeds and WORK/dict
  local target=$1 work=$2
  rm -rf "$work/seeds"; mkdir -p "$work/seeds" "$work/corpus"
  cp "fuzz/corpus/${target%_fuzz}/"* "$work/seeds/"
  local dicts=()
  case "$target" in
    checklist_json_fuzz) dicts=(json checklist) ;;
    checklist_yaml_fuzz) dicts=(yaml checklist) ;;
    target_file_fuzz | scheme_pack_fuzz) dicts=(yaml) ;;
    nvd_feed_fuzz | nvd_feed_gzip_fuzz | json_body_fuzz | label_verify_fuzz) dicts=(json) ;;
    http_request_fuzz) dicts=(http json) ;;
    form_data_fuzz) dicts=(form) ;;
  esac
  : > "$work/dict"
  for dict in "${dicts[@]}"; do cat "fuzz/dict/$dict.dict" >> "$work/dict"; done
}

run_one() {  # run_one TARGET: one bounded libFuzzer run, its figures in $work/result
  local target=$1 work="$bin/work/$1"
  mkdir -p "$work"
  prepare "$target" "$work"
  rm -f "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*
  local limit=(-max_total_time="$time_per_target")
  if [ -n "$runs" ]; then
    limit=(-runs="$runs")
    [ -n "$time_given" ] && limit+=(-max_total_time="$time_per_target")
  fi
  local status=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin/$target" "${limit[@]}" -dict="$work/dict" -timeout=30 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$work/" \
      "$work/corpus" "$work/seeds" > "$work/log" 2>&1 || status=$?
  local inputs seconds
  inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  seconds=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/log" | tail -1)
  local corpus_files
  corpus_files=$(find "$work/corpus" -type f | wc -l)
  local verdict=ok
  if [ $status -ne 0 ] || ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* >/dev/null 2>&1; then
    verdict="FAILED (exit $status)"
  fi
  printf '%-22s %12s inputs %6ss corpus %5s  %s\n' "$target" "${inputs:-?}" "${seconds:-?}" \
    "$corpus_files" "$verdict" > "$work/result"
  cat "$work/result"
  if [ "$verdict" != ok ]; then
    grep -m1 -A25 -E "ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer)|runtime error|==ERROR|deadly signal" "$work/log" >&2 || tail -30 "$work/log" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2 || true
    return 1
  fi
}

mkdir -p "$bin/work"
start=$(date +%s)
failed=0
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ $running -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
{
  limits="--time $time_per_target"
  [ -n "$runs" ] && limits="--runs $runs${time_given:+ --time $time_per_target}"
  echo "# fuzz/run.sh $limits ($(date -u +%Y-%m-%dT%H:%MZ), $(( $(date +%s) - start )) s wall)"
  for target in "${targets[@]}"; do cat "$bin/work/$target/result"; done
} > "$bin/summary.txt"
cat "$bin/summary.txt"
exit $failed
