#!/usr/bin/env bash
# Installs what Lägesbild needs from Debian 12's packages, only what is missing.
# Runs as root, or through sudo otherwise. Idempotent: a second run installs nothing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format clang libclang-rt-14-dev
  libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libsqlitecpp-dev
  libproj-dev proj-data libgeos-dev libhowardhinnant-date-dev tzdata
  libcli11-dev libspdlog-dev libfmt-dev libsodium-dev libssl-dev zlib1g-dev
  libboost-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
  libfftw3-dev postgresql libpq-dev
  r-base-core r-cran-spdep r-cran-spatstat python3-numpy python3-scipy
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  wrk curl python3
  nodejs npm chromium python3-icalendar
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: a machine that already has Node 20+ (e.g. from NodeSource) keeps it; Debian's
# nodejs/npm packages are only the fallback (Vite 7 needs Node >= 20.19).
if command -v node > /dev/null && command -v npm > /dev/null; then
  kept=()
  for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || kept+=("$p"); done
  missing=("${kept[@]+"${kept[@]}"}")
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
