#!/usr/bin/env bash
# Sets up the machine, builds IAXPhone (Release) and runs it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DIAXPHONE_TESTS=OFF
cmake --build build/release -j "$(nproc)"
exec build/release/app/iaxphone-cli --help
