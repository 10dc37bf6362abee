#!/usr/bin/env bash
# Sets up everything ctb-desktop and its tests need on a Debian/Ubuntu machine:
# the system libraries Qt loads (also offscreen), fonts with Times New Roman's
# metrics for rendered reports, and a virtual environment in .venv with the app
# and its test tools. Safe to run again; it only adds what is missing.
#
#     bash .ci/setup.sh [--with-pdf]
#
# --with-pdf (or CTB_WITH_PDF=1) also installs LibreOffice Writer without its GUI,
# which makes the PDF copies of reports (ctb_desktop/reports/pdf.py); CI asks for it
# so the PDF tests run instead of skipping. When another apt run holds the package
# manager (unattended-upgrades on a freshly booted machine), it waits for it.
set -euo pipefail
cd "$(dirname "$0")/.."

with_pdf=${CTB_WITH_PDF:-0}
for argument in "$@"; do
    case "$argument" in
        --with-pdf) with_pdf=1 ;;
        *) echo "Невідомий параметр «$argument». Використання: bash .ci/setup.sh [--with-pdf]" >&2; exit 2 ;;
    esac
done
# How long to wait for another apt or dpkg run to finish, in seconds.
apt_wait=${CTB_APT_WAIT:-900}

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
if [[ "$with_pdf" == 1 ]] && ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
    # The headless Writer is enough to convert .docx to PDF and a third of the full suite.
    if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
        packages+=(libreoffice-writer-nogui)
    else
        packages+=(libreoffice-writer)
    fi
fi

missing=()
if command -v dpkg-query >/dev/null; then
    for package in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$package")
    done
fi

# apt and dpkg hold fcntl (POSIX) locks, which flock(1) does not see: try one the same way.
try_lock='import fcntl, sys; fcntl.lockf(open(sys.argv[1], "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)'

# Waits until no other apt/dpkg run holds its locks (or apt_wait seconds pass), saying so.
wait_for_apt() {
    local waited=0 said=0 lock
    while true; do
        local busy=0
        for lock in /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock; do
            if [[ -e "$lock" ]] && ! "${as_root[@]}" "$python" -c "$try_lock" "$lock" 2>/dev/null; then
                busy=1
            fi
        done
        ((busy)) || return 0
        if ((!said)); then
            echo "Менеджер пакетів зайнятий іншою програмою (apt або автоматичне оновлення системи): чекаю, поки він звільниться (до $((apt_wait / 60)) хв)…"
            said=1
        fi
        if ((waited >= apt_wait)); then
            echo "Менеджер пакетів так і не звільнився за $((apt_wait / 60)) хв. Дочекайтеся кінця оновлення системи і запустіть .ci/setup.sh ще раз." >&2
            exit 1
        fi
        sleep 2
        waited=$((waited + 2))
    done
}

# apt-get that also waits for the lock itself (DPkg::Lock::Timeout) if another run takes it
# between the check and the call; its English failure is followed by a Ukrainian sentence.
apt_get() {
    if ! DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get -o "DPkg::Lock::Timeout=$apt_wait" "$@"; then
        echo "Не вдалося встановити системні пакети (apt-get $1). Перевірте мережу і вільне місце на диску, тоді запустіть .ci/setup.sh ще раз." >&2
        exit 1
    fi
}

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
    wait_for_apt
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [[ "$with_pdf" == 1 ]]; then
    echo "Готово: .venv містить ctb-desktop і засоби тестування; LibreOffice робить копії PDF"
else
    echo "Готово: .venv містить ctb-desktop і засоби тестування"
fi
