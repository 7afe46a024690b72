#!/usr/bin/env bash
# Sets up the machine, builds IAXPhone (Release), starts a local encrypted echo peer
# (`iaxphone-cli listen --answer echo --encryption required`, random secret) and opens the desktop
# app `iaxphone` with a ready "Local echo test (encrypted)" account: press Call and hear yourself.
# The secret is made here, handed to both processes in their environment (the app reads it once,
# drops it from its environment and keeps it in memory); it is never written to a file.
# Extra arguments go to iaxphone (e.g. `scripts/run.sh --audio none`). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DIAXPHONE_TESTS=OFF
cmake --build build/release -j "$(nproc)"

cli=build/release/app/iaxphone-cli
app=build/release/app/iaxphone
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
  echo "run.sh: no graphical session (DISPLAY/WAYLAND_DISPLAY unset): run it on your desktop, or use xvfb-run." >&2
  exit 1
fi

IAXPHONE_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export IAXPHONE_SECRET
log=$(mktemp "${TMPDIR:-/tmp}/iaxphone-echo.XXXXXX")
peer=""
cleanup() {
  if [[ -n "$peer" ]]; then
    kill "$peer" 2>/dev/null || true
    wait "$peer" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The first free port from 4569 on (another softphone may hold 4569).
for port in $(seq 4569 4589); do
  "$cli" listen --bind "127.0.0.1:$port" --user alice --answer echo --encryption required --json >"$log" 2>&1 &
  peer=$!
  for _ in $(seq 1 50); do
    grep -q '"listening"' "$log" && break
    kill -0 "$peer" 2>/dev/null || break
    sleep 0.1
  done
  grep -q '"listening"' "$log" && break
  wait "$peer" 2>/dev/null || true
  peer=""
done
if [[ -z "$peer" ]]; then
  echo "run.sh: the local echo peer did not start:" >&2
  cat "$log" >&2
  exit 1
fi
echo "Local encrypted echo peer on 127.0.0.1:$port (iaxphone-cli listen --answer echo --encryption required)."
echo "Opening iaxphone: the account \"Local echo test (encrypted)\" is selected and 600 is in the dial field — press Call."

# Not exec: the trap stops the echo peer when the app quits.
"$app" --local-echo-test "iax2:alice@127.0.0.1:$port/600" "$@"
