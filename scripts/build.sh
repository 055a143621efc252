#!/usr/bin/env bash
# Configures and builds one configuration.
# Usage: scripts/build.sh [normal|asan|fuzz]   -> build/, build-asan/ or build-fuzz/
# (fuzz: clang-14, libFuzzer targets of fuzz/ only, ASan+UBSan; see fuzz/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-normal}"
targets=()
# ccache: paths relative to the checkout, so every clone (CI's, a worktree) shares hits.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
case "$config" in
  normal) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DIOTMARK_SANITIZE=ON) ;;
  fuzz) dir=build-fuzz; targets=(fuzz_targets)
    flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DIOTMARK_FUZZ=ON
           -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14) ;;
  *) echo "build.sh: unknown configuration '$config' (normal|asan|fuzz)" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
ninja -C "$dir" ${IOTMARK_NINJA_FLAGS:-} "${targets[@]}"
