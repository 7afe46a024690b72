#!/usr/bin/env bash
# Runs a command with a private PulseAudio daemon whose only sink is a null sink "spk"
# (48 kHz); its monitor "spk.monitor" is the default source. PortAudio reaches it through
# ALSA's pulse plugin (libasound2-plugins: the ALSA "pulse"/"default" devices). The daemon gets
# its own XDG_RUNTIME_DIR and HOME (temporary, so no user's or CI's sound setup is touched),
# PULSE_SERVER points at its socket, and it is killed on exit (also on failure or signal).
# Works as root (user-mode daemon with --system=false; its "running as root" warning is fine).
# Usage: with-pulse.sh COMMAND [ARGS...]; exit status: the command's (2 if PulseAudio failed).
set -uo pipefail
dir=$(mktemp -d "${TMPDIR:-/tmp}/iax-pulse.XXXXXX")
export XDG_RUNTIME_DIR="$dir/run" HOME="$dir/home" PULSE_RUNTIME_PATH="$dir/run/pulse"
export PULSE_SERVER="unix:$dir/run/pulse/native"
unset PULSE_SINK PULSE_SOURCE
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"

pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! pulseaudio --daemonize=yes --system=false -n --exit-idle-time=-1 --disallow-exit \
    --log-target=file:"$dir/pulse.log" \
    -L module-native-protocol-unix -L "module-null-sink sink_name=spk rate=48000" 2>"$dir/start.err"; then
  echo "with-pulse.sh: pulseaudio did not start:" >&2
  cat "$dir/start.err" "$dir/pulse.log" >&2 2>/dev/null
  exit 2
fi
for _ in $(seq 1 100); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pid=$(cat "$PULSE_RUNTIME_PATH/pid" 2>/dev/null || true)
if ! pactl info >/dev/null 2>&1; then
  echo "with-pulse.sh: pulseaudio is not answering" >&2
  cat "$dir/pulse.log" >&2 2>/dev/null
  exit 2
fi
pactl set-default-sink spk && pactl set-default-source spk.monitor || exit 2

"$@"
exit $?
