#!/usr/bin/env bash
# Runs every test: unit tests per module and integration tests against the real server binary,
# first in the normal build, then again in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer (set LB_SKIP_SANITIZE=1 to skip that second pass locally).
# The store tests and the integration suite run on both engines: a throwaway PostgreSQL cluster
# (scripts/pg.sh, in BUILD_DIR/pg) runs for the duration, and is stopped even when a test fails.
# Then the fuzz targets run for a bounded time (LB_SKIP_FUZZ=1 skips them; scripts/fuzz.sh).
# Usage: scripts/test.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
if [ ! -d ../shared/data ]; then
  echo "warning: ../shared/data is missing; tests that read the shared data sets will fail" >&2
fi
trap 'scripts/pg.sh stop "$BUILD/pg"' EXIT
LB_TEST_PG_URL="$(scripts/pg.sh start "$BUILD/pg")"
export LB_TEST_PG_URL LB_REQUIRE_PG=1
echo "== PostgreSQL for the tests: $LB_TEST_PG_URL"
(cd "$BUILD" && ctest --output-on-failure -j 2)
# Every parser of outside input under libFuzzer + ASan + UBSan for a bounded time (a few minutes
# in all; scripts/fuzz.sh, docs/TRUST.md).
if [ "${LB_SKIP_FUZZ:-0}" = "1" ]; then
  echo "== fuzzing skipped (LB_SKIP_FUZZ=1)"
else
  echo "== fuzzing every parser of outside input (LB_SKIP_FUZZ=1 skips this)"
  LB_FUZZ_SECONDS="${LB_FUZZ_SECONDS:-20}" scripts/fuzz.sh build-fuzz
fi
if [ "${LB_SKIP_SANITIZE:-0}" != "1" ]; then
  echo "== the same tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -G Ninja -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLB_SANITIZE=ON -DLB_BENCH=OFF > /dev/null
  ninja -C build-asan -j "$(nproc)"
  # Under the sanitizers every suite runs except three that repeat code paths already covered
  # there and would double the wall time (make test must stay well inside the CI's 90 minutes on
  # two cores): integration_postgres (the same HTTP suite as `integration`, whose PostgreSQL
  # store code the store tests run sanitized on both engines), browser (JavaScript against the
  # same server) and police (the 85,011-event archive, whose parser the ingest tests and the
  # fuzzers cover).
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp" \
    ctest --output-on-failure -j 2 -E '^(integration_postgres|browser|police)$')
fi
