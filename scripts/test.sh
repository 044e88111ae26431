#!/usr/bin/env bash
# Runs every test: unit tests per module, then integration tests against the real server binary.
# Usage: scripts/test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
if [ ! -d ../shared/data ]; then
  echo "warning: ../shared/data is missing; tests that read the shared data sets will fail" >&2
fi
cd "$BUILD"
ctest --output-on-failure -j 2
