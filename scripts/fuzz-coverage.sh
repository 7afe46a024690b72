#!/usr/bin/env bash
# Source coverage of the committed fuzz corpus: builds the libFuzzer targets with clang-14's
# -fprofile-instr-generate -fcoverage-mapping (still ASan+UBSan, as scripts/fuzz.sh builds them),
# replays tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/ through each target
# (-runs=0: no mutation), and prints line and branch coverage per file of core/protocol and
# core/analysis for all targets together, then each target's total over those two directories.
#
#   scripts/fuzz-coverage.sh [--build-dir DIR] [--corpus DIR] [--jobs N] [--dirs "DIR..."] [TARGET...]
#     --jobs N      build with N parallel jobs (default: number of cores)
#     --dirs "D..." the source directories reported (default "core/protocol core/analysis"; the Qt
#                   targets' code: --dirs "core/keys core/phone app/cli")
#     --corpus DIR  replay DIR/<target>/ instead of tests/fuzz/corpus/<target>/ (e.g. build/fuzz/corpus
#                   after a campaign, before merging)
#     TARGET        default: every target of scripts/fuzz.sh
# Needs clang-14, llvm-profdata-14 and llvm-cov-14 (Debian: clang-14, llvm-14; scripts/deps.sh --test).
# Output: the tables on stdout; the merged profile in $BUILD/coverage/all.profdata, an HTML report with
# `llvm-cov-14 show -format=html -instr-profile $BUILD/coverage/all.profdata <binaries> core/protocol`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BUILD=build/fuzz-cov
CORPUS=tests/fuzz/corpus
ALL_TARGETS=(frame ie decrypt pcap engine cli keys settings registrar keyserver contacts e2e)
JOBS=$(nproc)
DIRS="core/protocol core/analysis"
TARGETS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD=${2:?}; shift 2 ;;
    --corpus) CORPUS=${2:?}; shift 2 ;;
    --jobs) JOBS=${2:?}; shift 2 ;;
    --dirs) DIRS=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "fuzz-coverage.sh: unknown option $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL_TARGETS[@]}")
[[ $BUILD = /* ]] || BUILD=$ROOT/$BUILD
for tool in clang++-14 llvm-profdata-14 llvm-cov-14; do
  command -v "$tool" >/dev/null || { echo "fuzz-coverage.sh: $tool not found (scripts/deps.sh --test)" >&2; exit 2; }
done

export CC=clang-14 CXX=clang++-14
# Compiler cache as in fuzz.sh (IAXPHONE_CCACHE=0 builds without it).
LAUNCHER=()
if [[ "${IAXPHONE_CCACHE:-1}" != 0 ]] && command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true
  LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
COV="-fprofile-instr-generate -fcoverage-mapping"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" \
  "-DCMAKE_CXX_FLAGS=$COV" "-DCMAKE_C_FLAGS=$COV" "-DCMAKE_EXE_LINKER_FLAGS=-fprofile-instr-generate" \
  -DIAXPHONE_GUI=OFF -DIAXPHONE_TESTS=OFF -DIAXPHONE_SANITIZE=ON -DIAXPHONE_FUZZ=ON "${LAUNCHER[@]}" >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target $(printf 'fuzz_%s ' "${TARGETS[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export QT_QPA_PLATFORM=offscreen
OUT=$BUILD/coverage
rm -rf "$OUT" && mkdir -p "$OUT"
objects=()
for t in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  inputs=()
  [[ -d $CORPUS/$t ]] && inputs+=("$CORPUS/$t")
  [[ -d tests/fuzz/regressions/$t ]] && inputs+=("tests/fuzz/regressions/$t")
  [[ ${#inputs[@]} -gt 0 ]] || { echo "fuzz-coverage.sh: no inputs for $t" >&2; continue; }
  LLVM_PROFILE_FILE="$OUT/$t.profraw" "$bin" -runs=0 -timeout=60 "${inputs[@]}" >"$OUT/$t.log" 2>&1 \
    || { echo "fuzz-coverage.sh: replay of $t failed (a finding?): $OUT/$t.log" >&2; exit 1; }
  llvm-profdata-14 merge -sparse "$OUT/$t.profraw" -o "$OUT/$t.profdata"
  objects+=(-object "$bin")
done
llvm-profdata-14 merge -sparse "$OUT"/*.profraw -o "$OUT/all.profdata"

# llvm-cov's report rows: file regions missed cover functions missed exec lines missed cover
# branches missed cover. Only files under $DIRS are kept (matched here, not by
# llvm-cov's SOURCES filter: ccache's CCACHE_BASEDIR makes the recorded paths relative, e.g.
# ../../core/protocol/frame.cpp), and TOTAL is summed over them.
select_files() {  # $1 = "rows" (one row per file, then TOTAL) or a target name (its TOTAL only)
  awk -v mode="$1" -v dirs="$DIRS" -v root="$ROOT" '
    function pct(missed, all) { return all ? sprintf("%.2f%%", 100 * (all - missed) / all) : "-" }
    BEGIN { n = split(dirs, d, " ") }
    {
      f = $1; sub(/^(\.\.\/)+/, "", f); sub("^" root "/", "", f); keep = 0
      for (i = 1; i <= n; i++) if (index(f, d[i] "/") == 1 && f ~ /\.(cpp|h)$/ && f !~ /_autogen\//) keep = 1
      if (!keep) next
      if (mode == "rows") printf "%-40s %8s %8s %9s %9s\n", f, $8, $10, $11, $13
      l += $8; lm += $9; b += $11; bm += $12
    }
    END {
      if (mode == "rows") printf "%-40s %8d %8s %9d %9s\n", "TOTAL", l, pct(lm, l), b, pct(bm, b)
      else printf "%-10s %8s %9s\n", mode, pct(lm, l), pct(bm, b)
    }'
}

# Per file, all targets together: file, lines, line %, branches, branch %.
echo "== coverage of the committed corpus, all targets ($DIRS) =="
printf '%-40s %8s %8s %9s %9s\n' file lines "line %" branches "branch %"
llvm-cov-14 report "${objects[@]:1}" -instr-profile "$OUT/all.profdata" -show-branch-summary 2>/dev/null \
  | select_files rows

echo
echo "== per target: total over $DIRS =="
printf '%-10s %8s %9s\n' target "line %" "branch %"
for t in "${TARGETS[@]}"; do
  [[ -f $OUT/$t.profdata ]] || continue
  llvm-cov-14 report "$BUILD/tests/fuzz/fuzz_$t" -instr-profile "$OUT/$t.profdata" -show-branch-summary 2>/dev/null \
    | select_files "$t"
done
