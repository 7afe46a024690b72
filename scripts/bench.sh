#!/usr/bin/env bash
# Builds the Google Benchmark programs (Release, -DIAXPHONE_BENCHMARKS=ON, no GUI) and runs them.
# Each program ends with its summary: bench_crypto the FrameCipher / raw OpenSSL EVP ratio
# (target <= 1.3x), bench_audio the CPU per 20 ms frame and the capture->playout latency.
#
#   scripts/bench.sh [--build-dir DIR] [--cpu N] [AREA...] [-- BENCHMARK_ARGS...]
#     AREA         crypto protocol audio (default: all)
#     --cpu N      pin the runs to core N (taskset), for steadier numbers on a shared machine
#     BENCHMARK_ARGS  passed to every program, e.g. -- --benchmark_repetitions=5 --benchmark_filter=Opus
# Environment: IAXPHONE_BENCH_BUILD_DIR (default build/bench). Installs packages via scripts/deps.sh --test.
# BENCHMARKS.md lists the numbers and the machine they were measured on.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${IAXPHONE_BENCH_BUILD_DIR:-build/bench}
ALL=(crypto protocol audio)
AREAS=()
PIN=()
ARGS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD=${2:?}; shift 2 ;;
    --cpu) PIN=(taskset -c "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    --) shift; ARGS=("$@"); break ;;
    -*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    *) AREAS+=("$1"); shift ;;
  esac
done
[[ ${#AREAS[@]} -gt 0 ]] || AREAS=("${ALL[@]}")
for a in "${AREAS[@]}"; do
  [[ " ${ALL[*]} " == *" $a "* ]] || { echo "bench.sh: unknown area $a (${ALL[*]})" >&2; exit 2; }
done

scripts/deps.sh --test
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIAXPHONE_TESTS=OFF -DIAXPHONE_GUI=OFF \
  -DIAXPHONE_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target $(printf 'bench_%s ' "${AREAS[@]}")

echo "bench.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
for a in "${AREAS[@]}"; do
  echo "==== bench_$a ===="
  "${PIN[@]}" "$BUILD/tests/bench/bench_$a" --benchmark_color=false "${ARGS[@]}"
done
