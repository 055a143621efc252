#!/usr/bin/env bash
# Configures and builds one configuration.
# Usage: scripts/build.sh [normal|asan]   -> build/ or build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-normal}"
# ccache: paths relative to the checkout, so every clone (CI's, a worktree) shares hits.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
case "$config" in
  normal) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DIOTMARK_SANITIZE=ON) ;;
  *) echo "build.sh: unknown configuration '$config' (normal|asan)" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
ninja -C "$dir" ${IOTMARK_NINJA_FLAGS:-}
