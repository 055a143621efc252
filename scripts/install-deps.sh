#!/usr/bin/env bash
# Installs every Debian package iotmark needs to build, test and benchmark.
# Usage: scripts/install-deps.sh [build|test|all]   (default: all)
# Idempotent: packages already present are skipped quickly by apt.
set -euo pipefail
what="${1:-all}"

build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache curl jq iproute2 python3
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libboost-dev libboost-system-dev
  libsqlite3-dev sqlite3 libpqxx-dev libpq-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev
  libsodium-dev libssl-dev openssl libqrencode-dev libxlsxwriter-dev zlib1g-dev
  libkainjow-mustache-dev libexpat1-dev
  nmap-common libpcre2-dev
  libssh-dev libutf8proc-dev libicu-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libcurl4-openssl-dev
  clang-14 libclang-rt-14-dev
)
test_packages=(
  postgresql postgresql-client
  unzip iproute2 procps curl
  nmap wrk nginx-light hyperfine bc
  chromium fonts-noto-cjk
  poppler-utils zbar-tools
  lighttpd dropbear-bin openssh-server vsftpd mosquitto mosquitto-clients busybox
  hydra sslscan
  gnupg
)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=("${build_packages[@]}")
if [ "$what" = test ] || [ "$what" = all ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
  $SUDO apt-get update -qq
  # Daemon packages (lighttpd, openssh-server, vsftpd, mosquitto) are installed for the tests,
  # which start them inside network namespaces of their own: keep apt from starting them on
  # the host (no listener may appear on this machine's addresses).
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$added_policy" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
fi

if [ "$what" = test ] || [ "$what" = all ]; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
fi
echo "install-deps: ok"
