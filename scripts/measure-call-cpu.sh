#!/usr/bin/env bash
# Measures the CPU the desktop app `iaxphone` uses in an established call (issue 19): starts a
# private PulseAudio with a 48 kHz null sink (tests/scripts/with-pulse.sh), an
# `iaxphone-cli listen --answer echo` peer on loopback, and the GUI (QT_QPA_PLATFORM=offscreen)
# calling it over real UDP, AES-128 required, Opus, echo cancellation and noise suppression as
# given. After the call is answered and SETTLE seconds passed, it reads utime+stime of the GUI
# process from /proc/PID/stat (and of each of its threads from /proc/PID/task/*/stat) at the
# start and the end of SECONDS seconds, and prints the share of one core.
#
#   scripts/measure-call-cpu.sh [--build-dir DIR] [--seconds N] [--settle N] [--port P]
#                               [--aec on|off] [--ns on|off] [--idle] [--perf FILE]
#     --build-dir  where iaxphone and iaxphone-cli are (default build/rel; a Release or
#                  RelWithDebInfo tree: a Debug build measures the compiler, not the program)
#     --idle       no call: the GUI registered-less and idle for the same window
#     --perf FILE  also `perf record -g` the GUI over the window into FILE (perf report -i FILE)
# Prints: "gui_cpu_percent=X", "sound_server_cpu_percent=Y" (the private PulseAudio over the
# same window), plus one line per busy thread of the GUI (name, % of a core, voluntary context
# switches per second = how often it sleeps and wakes). Exit 1 when no call came up.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build/rel
SECONDS_=10
SETTLE=3
PORT=42401
AEC=on
NS=on
IDLE=0
PERF=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD=${2:?}; shift 2 ;;
    --seconds) SECONDS_=${2:?}; shift 2 ;;
    --settle) SETTLE=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --aec) AEC=${2:?}; shift 2 ;;
    --ns) NS=${2:?}; shift 2 ;;
    --idle) IDLE=1; shift ;;
    --perf) PERF=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "measure-call-cpu.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
GUI=$BUILD/app/iaxphone
CLI=$BUILD/app/iaxphone-cli
[[ -x $GUI && -x $CLI ]] || { echo "measure-call-cpu.sh: build $GUI and $CLI first" >&2; exit 2; }
tf() { [[ $1 == on ]] && echo true || echo false; }

# Runs inside with-pulse.sh (its own PulseAudio, HOME and XDG_RUNTIME_DIR).
inner() {
  # Not `local`: the EXIT trap runs after inner() returned, and must still see both (with locals
  # it killed nothing, then waited for the call forever, and left the directory behind).
  work=$(mktemp -d "${TMPDIR:-/tmp}/iax-cpu.XXXXXX")
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
  export IAXPHONE_SECRET=cpu-measure
  "$CLI" listen --bind "127.0.0.1:$PORT" --user alice --answer echo --encryption required \
    --codecs opus --json >"$work/listen.json" 2>"$work/listen.err" &
  pids+=($!)
  {
    echo "[desktop]"
    echo "dialLinksDirectly=true"
    echo "[audio]"
    echo "echoCancellation=$(tf "$AEC")"
    echo "noiseSuppression=$(tf "$NS")"
  } >"$work/iaxphone.ini"
  local uri=()
  [[ $IDLE == 1 ]] || uri=("iax2:alice@127.0.0.1:$PORT/600")
  QT_QPA_PLATFORM=offscreen "$GUI" --settings "$work/iaxphone.ini" --history "$work/history.json" \
    --bind 127.0.0.1:$((PORT + 1)) --local-echo-test "iax2:alice@127.0.0.1:$PORT/600" "${uri[@]}" \
    >"$work/gui.out" 2>"$work/gui.err" &
  local gui=$!
  pids+=("$gui")
  if [[ $IDLE == 0 ]]; then
    for _ in $(seq 1 150); do
      grep -q '"state":"answered"' "$work/listen.json" 2>/dev/null && break
      kill -0 "$gui" 2>/dev/null || break
      sleep 0.1
    done
    if ! grep -q '"state":"answered"' "$work/listen.json"; then
      echo "measure-call-cpu.sh: no call came up" >&2
      cat "$work/listen.json" "$work/listen.err" "$work/gui.err" >&2
      exit 1
    fi
  fi
  sleep "$SETTLE"
  local hz
  hz=$(getconf CLK_TCK)
  ticks() { awk '{ print $14 + $15 }' "$1" 2>/dev/null || echo 0; }
  wakes() { awk '/^voluntary_ctxt_switches/ { print $2 }' "$1" 2>/dev/null || echo 0; }
  declare -A before names woke after wokeAfter
  local t0 t1 g0 g1
  for t in /proc/"$gui"/task/*; do
    before[$t]=$(ticks "$t/stat")
    woke[$t]=$(wakes "$t/status")
    names[$t]=$(cat "$t/comm" 2>/dev/null || echo '?')
  done
  # The private sound server too: a device path that only moved the work into it would show there.
  local server s0 s1
  server=$(cat "$PULSE_RUNTIME_PATH/pid" 2>/dev/null || echo "")
  s0=$( [[ -n $server ]] && ticks /proc/"$server"/stat || echo 0)
  g0=$(ticks /proc/"$gui"/stat)
  t0=$(date +%s.%N)
  if [[ -n $PERF ]]; then
    perf record -g -o "$PERF" -p "$gui" -- sleep "$SECONDS_" >/dev/null 2>&1 || echo "perf failed" >&2
  else
    sleep "$SECONDS_"
  fi
  g1=$(ticks /proc/"$gui"/stat)
  t1=$(date +%s.%N)
  for t in "${!before[@]}"; do # at the end of the window, not when printed
    after[$t]=$(ticks "$t/stat")
    wokeAfter[$t]=$(wakes "$t/status")
  done
  s1=$( [[ -n $server ]] && ticks /proc/"$server"/stat || echo 0)
  if [[ $IDLE == 0 ]] && ! grep -q '"state":"answered"' "$work/listen.json"; then
    exit 1
  fi
  awk -v a="$g0" -v b="$g1" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    'BEGIN { printf "gui_cpu_percent=%.2f (over %.1f s)\n", 100 * (b - a) / hz / (t1 - t0), t1 - t0 }'
  [[ -z $server ]] || awk -v a="$s0" -v b="$s1" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    'BEGIN { printf "sound_server_cpu_percent=%.2f (the private PulseAudio)\n", 100 * (b - a) / hz / (t1 - t0) }'
  for t in "${!before[@]}"; do
    awk -v a="${before[$t]}" -v b="${after[$t]}" -v n="${names[$t]}" -v s="$((${SECONDS_%.*}))" -v hz="$hz" \
      -v w0="${woke[$t]}" -v w1="${wokeAfter[$t]}" \
      'BEGIN { if (b > a || w1 - w0 > s) printf "  thread %-16s %5.2f %%  %6.0f wakeups/s\n", n, 100 * (b - a) / hz / s, (w1 - w0) / s }'
  done | sort -k3 -rn
  grep -o '"event":"stats"[^}]*' "$work/listen.json" | tail -1 | sed 's/^/  peer: /' || true
}

export -f inner
export BUILD SECONDS_ SETTLE PORT AEC NS IDLE PERF GUI CLI
export -f tf
exec tests/scripts/with-pulse.sh bash -c inner
