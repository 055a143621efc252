#!/usr/bin/env bash
# README's test command: installs dependencies, builds the normal and the
# ASan+UBSan configurations, and runs every test in both. Exit 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh all
if [ -f tests/browser/package.json ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -f tests/csaf/package.json ]; then
  (cd tests/csaf && npm ci --no-audit --no-fund --loglevel=error)
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for config in normal asan; do
  echo "== build ($config)"
  bash scripts/build.sh "$config"
  dir=build; [ "$config" = asan ] && dir=build-asan
  echo "== test ($config)"
  if ! (cd "$dir" && IOTMARK_TEST_CONFIG=$config ctest --output-on-failure -j2 --timeout 600); then
    status=1
  fi
done
echo "== total $(( $(date +%s) - start )) s"
exit $status
