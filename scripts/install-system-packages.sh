#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Banshi needs, only those missing; safe to run again.
set -euo pipefail

PACKAGES=(
  python3-venv          # the virtual environment
  espeak-ng             # speech synthesis behind pyttsx3 (Mandarin voice cmn)
  libzbar0              # the pyzbar decoder backend
  fonts-noto-cjk        # Chinese text must never render as boxes
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0  # Qt 6
  libglib2.0-0
  postgresql            # the hub's production database, tested by make test
  haproxy               # the load balancer in front of several hub processes (deploy/, tested by make test)
  sox                   # audio checks in tests and benchmarks
  libzinnia0 tegaki-zinnia-simplified-chinese  # handwriting: Zinnia and its Simplified Chinese model
  libxcb-icccm4 libxcb-keysyms1  # Qt's xcb platform (a real X display; the kiosk under Xvfb in tests)
  xvfb openbox xdotool wmctrl    # tests: a real X server and window manager, driven as another X client
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
