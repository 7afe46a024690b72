#!/usr/bin/env bash
# The whole test suite, as CI runs it: install packages, Debug build with tests, ctest;
# then the same suite once more under ASan+UBSan; then a fuzz smoke run: every libFuzzer target
# (clang-14, ASan+UBSan) for IAXPHONE_FUZZ_SECONDS (default 60) each, seeded from the committed
# corpus, two at a time (scripts/fuzz.sh). Idempotent; build trees under build/.
# Skip a stage with IAXPHONE_SKIP_PLAIN=1, IAXPHONE_SKIP_ASAN=1 or IAXPHONE_SKIP_FUZZ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test

JOBS=$(nproc)
# Compiler cache (installed by deps.sh --test): a rerun on the same machine, even from another clone,
# recompiles only what changed. Paths are made relative to the checkout so clones share the cache.
# IAXPHONE_CCACHE=0 builds without it.
LAUNCHER=()
if [[ "${IAXPHONE_CCACHE:-1}" != 0 ]] && command -v ccache >/dev/null; then
  # NOHASHDIR: a -g object from another clone is reused (its debug info names that clone's path).
  export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
stage_start=$SECONDS
stage_done() { echo "test.sh: $1 done in $(( (SECONDS - stage_start) / 60 )) min $(( (SECONDS - stage_start) % 60 )) s"; stage_start=$SECONDS; }
run_suite() {  # $1 = build dir, rest = extra cmake args
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIAXPHONE_TESTS=ON "${LAUNCHER[@]}" "$@"
  cmake --build "$dir" -j "$JOBS"
  (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600)
}

if [[ "${IAXPHONE_SKIP_PLAIN:-0}" != 1 ]]; then
  run_suite build/debug
  stage_done "Debug suite"
fi
if [[ "${IAXPHONE_SKIP_ASAN:-0}" != 1 ]]; then
  # LeakSanitizer on: a leak of ours fails the test; tests/lsan.supp names only third-party leaks
  # (CTest sets the same LSAN_OPTIONS for every test of an IAXPHONE_SANITIZE tree).
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
    run_suite build/asan -DIAXPHONE_SANITIZE=ON
  stage_done "ASan+UBSan suite"
fi
if [[ "${IAXPHONE_SKIP_FUZZ:-0}" != 1 ]]; then
  scripts/fuzz.sh --time "${IAXPHONE_FUZZ_SECONDS:-60}" --jobs "$JOBS"
  stage_done "fuzz smoke run"
fi
