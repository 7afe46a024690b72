#!/usr/bin/env bash
# The whole test suite, as CI runs it: install packages, Debug build with tests, ctest;
# then the same suite once more under ASan+UBSan. Idempotent; build trees under build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test

JOBS=$(nproc)
run_suite() {  # $1 = build dir, rest = extra cmake args
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIAXPHONE_TESTS=ON "$@"
  cmake --build "$dir" -j "$JOBS"
  (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600)
}

if [[ "${IAXPHONE_SKIP_PLAIN:-0}" != 1 ]]; then
  run_suite build/debug
fi
if [[ "${IAXPHONE_SKIP_ASAN:-0}" != 1 ]]; then
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/asan -DIAXPHONE_SANITIZE=ON
fi
