#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) and runs each one
# for a bounded time, seeded from tests/fuzz/corpus/<target>/. Exits non-zero on any finding
# (crash, leak, timeout, UBSan report, broken invariant) and prints where the input was saved.
#
#   scripts/fuzz.sh [--smoke] [--long SEC | --time SEC] [--runs N] [--jobs N] [--build-dir DIR] [TARGET...]
#     --smoke       every target for 60 s (the CI step, scripts/test.sh; the default)
#     --long SEC    every target for SEC seconds (e.g. --long 3600 before a release)
#     --runs N      stop a target after N executions (or at its time limit, whichever is first)
#     --jobs N      targets run side by side (default: number of cores)
#     TARGET        frame ie decrypt pcap engine cli keys settings registrar keyserver contacts e2e (default: all)
# Environment: IAXPHONE_FUZZ_BUILD_DIR (default build/fuzz), CC/CXX (default clang-14/clang++-14).
# New interesting inputs go to $BUILD/corpus/<target>/ (the committed corpus is only read);
# findings to $BUILD/findings/<target>/. Minimise one with
#   $BUILD/tests/fuzz/fuzz_<target> -minimize_crash=1 -runs=100000 <file>
# and save it under tests/fuzz/regressions/<target>/ (tst_fuzz_regressions replays it in CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_PER_TARGET=60
JOBS=$(nproc)
RUNS=-1
BUILD=${IAXPHONE_FUZZ_BUILD_DIR:-build/fuzz}
ALL_TARGETS=(frame ie decrypt pcap engine cli keys settings registrar keyserver contacts e2e)
TARGETS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --smoke) SECONDS_PER_TARGET=60; shift ;;
    --long|--time) SECONDS_PER_TARGET=${2:?"$1 needs a number of seconds"}; shift 2 ;;
    --jobs) JOBS=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --build-dir) BUILD=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGETS[@]}")
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD

export CC=${CC:-clang-14} CXX=${CXX:-clang++-14}
command -v "$CXX" >/dev/null || { echo "fuzz.sh: $CXX not found (scripts/deps.sh --test installs clang-14)" >&2; exit 2; }

# Compiler cache as in test.sh (IAXPHONE_CCACHE=0 builds without it).
LAUNCHER=()
if [[ "${IAXPHONE_CCACHE:-1}" != 0 ]] && command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# Release-like speed, but assertions stay on (a broken invariant in the stack is a finding).
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" \
  -DIAXPHONE_GUI=OFF -DIAXPHONE_TESTS=OFF -DIAXPHONE_SANITIZE=ON -DIAXPHONE_FUZZ=ON "${LAUNCHER[@]}" >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${TARGETS[@]}")

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

max_len() {
  case $1 in
    pcap) echo 16384 ;;
    engine) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

run_one() {  # $1 = target; writes $BUILD/fuzz-logs/<target>.log, returns libFuzzer's status
  local t=$1 bin=$BUILD/tests/fuzz/fuzz_$1
  local work=$BUILD/corpus/$t findings=$BUILD/findings/$t log=$BUILD/fuzz-logs/$t.log
  mkdir -p "$work" "$findings" "$BUILD/fuzz-logs"
  local seeds=()
  [[ -d tests/fuzz/corpus/$t ]] && seeds+=("tests/fuzz/corpus/$t")
  [[ -d tests/fuzz/regressions/$t ]] && seeds+=("tests/fuzz/regressions/$t")
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -runs="$RUNS" -timeout=20 -rss_limit_mb=2560 -max_len="$(max_len "$t")" \
    -print_final_stats=1 -artifact_prefix="$findings/" "$work" "${seeds[@]}" >"$log" 2>&1
}

echo "fuzz.sh: ${TARGETS[*]} for ${SECONDS_PER_TARGET}s each, $JOBS at a time ($BUILD)"
declare -A PID_OF=()
failed=()
has_findings() {  # $1 = target: crash-, leak-, timeout-, oom- … files (a slow-unit- file is a notice:
  # an input that took over 10 s of wall time, which a loaded machine can cause; -timeout=20 catches hangs)
  local f
  for f in "$BUILD/findings/$1"/*; do
    [[ -e $f && $(basename "$f") != slow-unit-* ]] && return 0
  done
  return 1
}
finish() {  # waits for any one job; records failures
  local pid status=0
  wait -n -p pid || status=$?
  local t=${PID_OF[$pid]}
  unset "PID_OF[$pid]"
  local execs
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/fuzz-logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  if [[ $status -eq 72 ]] && ! has_findings "$t"; then
    failed+=("$t")  # libFuzzer's exit code when a signal interrupted it: the run is incomplete
    echo "INTERRUPTED $t (signal after $execs runs, not a finding): log $BUILD/fuzz-logs/$t.log"
  elif [[ $status -ne 0 ]] || has_findings "$t"; then
    failed+=("$t")
    echo "FINDING in $t (exit $status, $execs runs): log $BUILD/fuzz-logs/$t.log"
    grep -E 'ERROR:|runtime error|invariant broken|Test unit written' "$BUILD/fuzz-logs/$t.log" | head -5 | sed 's/^/    /'
  else
    echo "ok      $t: $execs runs, no findings"
    if compgen -G "$BUILD/findings/$t/slow-unit-*" >/dev/null; then
      echo "        (slow inputs filed under $BUILD/findings/$t/: over 10 s of wall time each)"
    fi
  fi
}
for t in "${TARGETS[@]}"; do
  [[ -x $BUILD/tests/fuzz/fuzz_$t ]] || { echo "fuzz.sh: unknown target $t" >&2; exit 2; }
  while [[ ${#PID_OF[@]} -ge $JOBS ]]; do finish; done
  run_one "$t" &
  PID_OF[$!]=$t
done
while [[ ${#PID_OF[@]} -gt 0 ]]; do finish; done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: findings or incomplete runs in: ${failed[*]} (inputs under $BUILD/findings/)" >&2
  exit 1
fi
echo "fuzz.sh: no findings"
