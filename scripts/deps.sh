#!/usr/bin/env bash
# Installs the Debian packages IAXPhone needs (non-interactive, idempotent).
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   also what the test suite needs (PulseAudio null sink, Xvfb, tshark, keyring, clang)
set -euo pipefail

PKGS=(build-essential cmake ninja-build pkg-config
      qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
      portaudio19-dev libpulse-dev libopus-dev libssl-dev libspeexdsp-dev qtkeychain-qt6-dev
      libpcap-dev libsndfile1-dev libqt6svg6 qt6-qpa-plugins libhidapi-dev
      pulseaudio pulseaudio-utils libasound2-plugins dbus gnome-keyring dbus-x11)
TEST_PKGS=(xvfb tshark sox libogg-dev clang-14 libclang-rt-14-dev llvm-14 libbenchmark-dev openssl procps ccache)

if [[ "${1:-}" == "--test" ]]; then
  PKGS+=("${TEST_PKGS[@]}")
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
