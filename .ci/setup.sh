#!/usr/bin/env bash
# Sets up everything ctb-desktop and its tests need on a Debian/Ubuntu machine:
# the system libraries Qt loads (also offscreen), fonts with Times New Roman's
# metrics for rendered reports, and a virtual environment in .venv with the app
# and its test tools. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    libxcb-render-util0 libxcb-image0 libxcb-xinerama0
    fonts-dejavu-core fonts-liberation
)
python=${PYTHON:-python3}
if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
    packages+=(python3-venv)
fi

missing=()
if command -v dpkg-query >/dev/null; then
    for package in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$package")
    done
fi
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null; then
        as_root=(sudo)
    else
        echo "Бракує системних пакетів: ${missing[*]}. Встановіть їх (apt-get install) і повторіть." >&2
        exit 1
    fi
    echo "Встановлюю системні пакети: ${missing[*]}"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
echo "Готово: .venv містить ctb-desktop і засоби тестування"
