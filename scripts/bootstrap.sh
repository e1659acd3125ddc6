#!/usr/bin/env bash
# Set-up shared by scripts/run-editor.sh and scripts/run-tests.sh.
# Usage: source scripts/bootstrap.sh runtime|test
# Installs what is missing and nothing else: Debian packages (as root or with
# sudo; otherwise it prints the exact command), a virtual environment in .venv
# with newsdesk installed editable, and for tests the validators in tests/tools.
set -euo pipefail

ND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ND_MODE="${1:-runtime}"
ND_VENV="$ND_ROOT/.venv"

# Libraries Qt (xcb, EGL) and Qt WebEngine (Chromium) load at run time.
ND_RUNTIME_DEBS=(
  python3 python3-venv python3-pip
  libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libxrender1 libxi6
  libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libxshmfence1
  libgbm1 libasound2 libdrm2 fonts-dejavu-core
)
# Tests also need a headless browser, a Java runtime (vnu), npm (axe-core, vnu),
# a virtual X server, the Debian packaging tools for the installer smoke test
# (dpkg-deb; objdump/strip for PyInstaller) and the freedesktop validators for
# the desktop entry, AppStream metainfo and MIME type; poppler-utils (pdftoppm,
# pdftotext) to look at the printed page.
ND_TEST_DEBS=(chromium xvfb xauth default-jre-headless dpkg-dev binutils
  desktop-file-utils appstream shared-mime-info poppler-utils)
# Node.js from another source (e.g. NodeSource) brings its own npm and conflicts
# with Debian's npm package: ask for Debian's only when there is no npm at all.
command -v npm >/dev/null 2>&1 || ND_TEST_DEBS+=(nodejs npm)

nd_missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || printf '%s ' "$pkg"
  done
}

nd_install_debs() {
  command -v dpkg-query >/dev/null 2>&1 || {
    echo "newsdesk setup: not a Debian-based system; install Qt's runtime libraries yourself" >&2
    return 0
  }
  local missing
  missing="$(nd_missing_debs "$@")"
  [ -z "$missing" ] && return 0
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" = 0 ]; then
    echo "newsdesk setup: installing Debian packages: $missing" >&2
    bash -c "$cmd" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "newsdesk setup: installing Debian packages with sudo: $missing" >&2
    sudo bash -c "$cmd" >&2
  else
    echo "newsdesk setup: these Debian packages are missing. Run as root:" >&2
    echo "  sudo bash -c '$cmd'" >&2
    exit 1
  fi
}

nd_python() {
  local py
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 \
       && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "newsdesk setup: Python 3.11 or newer is needed" >&2
  exit 1
}

nd_setup_venv() {
  local extras="$1" stamp="$ND_VENV/.newsdesk-$1"
  if [ ! -x "$ND_VENV/bin/python" ]; then
    "$(nd_python)" -m venv "$ND_VENV"
    "$ND_VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  fi
  if [ ! -f "$stamp" ] || [ "$ND_ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "newsdesk setup: installing Python packages into .venv" >&2
    "$ND_VENV/bin/python" -m pip install --quiet -e "$ND_ROOT[$extras]" >&2
    touch "$stamp"
  fi
}

nd_setup_test_tools() {
  local tools="$ND_ROOT/tests/tools"
  if [ ! -d "$tools/node_modules/axe-core" ] || [ ! -d "$tools/node_modules/vnu-jar" ] \
     || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
    echo "newsdesk setup: installing axe-core and the vnu checker (npm)" >&2
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

case "$ND_MODE" in
  runtime)
    nd_install_debs "${ND_RUNTIME_DEBS[@]}"
    nd_setup_venv runtime-only ;;
  test)
    nd_install_debs "${ND_RUNTIME_DEBS[@]}" "${ND_TEST_DEBS[@]}"
    nd_setup_venv test
    nd_setup_test_tools ;;
  *) echo "usage: source scripts/bootstrap.sh runtime|test" >&2; exit 2 ;;
esac
