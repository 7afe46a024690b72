#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring-daemon) on a private
# D-Bus session bus, so qtkeychain tests never touch a user's real keychain. HOME and
# XDG_DATA_HOME/XDG_RUNTIME_DIR point into a temporary directory (the keyring file lives there and
# is deleted on exit). The keyring password is a random one, echoed into --unlock.
# Usage: with-keyring.sh COMMAND [ARGS...]; exit status: the command's (2 if the keyring failed).
set -uo pipefail
if [ -z "${IAX_KEYRING_INNER:-}" ]; then
  command -v dbus-run-session >/dev/null || { echo "with-keyring.sh: dbus-run-session missing (apt-get install dbus)" >&2; exit 2; }
  command -v gnome-keyring-daemon >/dev/null || { echo "with-keyring.sh: gnome-keyring-daemon missing (apt-get install gnome-keyring)" >&2; exit 2; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/iax-keyring.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  IAX_KEYRING_INNER="$dir" dbus-run-session -- "$0" "$@"
  exit $?
fi

dir="$IAX_KEYRING_INNER"
unset IAX_KEYRING_INNER
export HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
password=$(head -c 18 /dev/urandom | base64)
# In the foreground (our own child, so we know its pid); it reads the unlock password on stdin.
printf '%s' "$password" | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$dir/keyring.out" 2>"$dir/keyring.err" &
keyring_pid=$!
# Tests that need a keychain which keeps them waiting stop it (SIGSTOP) and continue it (SIGCONT).
export IAX_KEYRING_PID=$keyring_pid
cleanup() { kill "$keyring_pid" 2>/dev/null; wait "$keyring_pid" 2>/dev/null; }
trap cleanup EXIT
has_secrets() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
}
for _ in $(seq 1 100); do has_secrets && break; kill -0 "$keyring_pid" 2>/dev/null || break; sleep 0.1; done
if ! has_secrets; then
  echo "with-keyring.sh: the Secret Service did not come up:" >&2
  cat "$dir/keyring.err" >&2
  exit 2
fi
# It prints GNOME_KEYRING_CONTROL=… lines; export them.
while IFS= read -r line; do
  case "$line" in *=*) export "${line?}" ;; esac
done <"$dir/keyring.out"

"$@"
exit $?
