#!/usr/bin/env bash
# Fuzzes every parser of outside input with libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer
# for a bounded time (docs/TRUST.md, "Fuzzing"): builds fuzz/ with clang in BUILD_DIR (default
# build-fuzz), then runs each target for LB_FUZZ_SECONDS (default 20) seconds, starting from its
# corpus in fuzz/corpus/<target>/. New inputs go to BUILD_DIR/corpus/<target>/ (the repository's
# corpus stays as it is: copy an input there by hand when it is worth keeping); a crash leaves its
# input in BUILD_DIR/artifacts/ and fails the run.
# Usage: scripts/fuzz.sh [BUILD_DIR] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build-fuzz}"
shift || true
SECONDS_EACH="${LB_FUZZ_SECONDS:-20}"
if ! command -v clang++ > /dev/null; then
  echo "fuzz: clang++ is missing (scripts/setup.sh installs clang)" >&2
  exit 1
fi
CC=clang CXX=clang++ cmake -G Ninja -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLB_FUZZ=ON \
  -DLB_TESTS=OFF -DLB_BENCH=OFF > /dev/null
ninja -C "$BUILD" -j "${JOBS:-$(nproc)}" fuzz_all
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi
mkdir -p "$BUILD/artifacts"
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$BUILD/corpus/$t"
  echo "== fuzz $t for ${SECONDS_EACH}s"
  # -rss_limit_mb: a parser that needs gigabytes for a small input is a finding too.
  if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    "$BUILD/fuzz/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" \
    "$BUILD/corpus/$t" "fuzz/corpus/$t" > "$BUILD/artifacts/$t.log" 2>&1; then
    failed+=("$t")
    tail -n 60 "$BUILD/artifacts/$t.log"
  else
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$BUILD/artifacts/$t.log" |
      tr '\n' ' '
    echo
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; inputs in $BUILD/artifacts/" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${SECONDS_EACH}s each without a finding"
