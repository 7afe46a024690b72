#!/usr/bin/env bash
# Runs a command with a private PulseAudio daemon whose only sink is a null sink "spk"
# (48 kHz); its monitor "spk.monitor" is the default source. PortAudio reaches it through
# ALSA's pulse plugin (libasound2-plugins). The daemon is killed on exit.
set -euo pipefail
dir=$(mktemp -d)
export XDG_RUNTIME_DIR="$dir/run" HOME="$dir/home" PULSE_RUNTIME_PATH="$dir/run/pulse"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
cleanup() { pulseaudio --kill >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
pulseaudio --daemonize=yes --system=false -n --exit-idle-time=-1 --disallow-exit \
  -L module-native-protocol-unix -L "module-null-sink sink_name=spk rate=48000" >/dev/null 2>&1
for _ in $(seq 1 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl set-default-sink spk
pactl set-default-source spk.monitor
"$@"
