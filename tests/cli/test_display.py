"""`ctb-desktop` with no screen says in Ukrainian what is missing before Qt is loaded
(cli/display.py), instead of Qt's English abort."""

import subprocess
import sys

import pytest

from ctb_desktop.cli.display import missing_display
from tests.english import english_sentences


def everything(name):
    return f"lib{name}.so"


def test_no_graphical_session():
    problem = missing_display({}, "linux", everything)
    assert "Немає графічного сеансу" in problem and "DISPLAY" in problem
    assert not english_sentences(problem)


def test_x11_without_the_libraries_qt_needs():
    problem = missing_display(
        {"DISPLAY": ":0"}, "linux", lambda name: None if name == "xcb-cursor" else "lib.so"
    )
    assert "libxcb-cursor0" in problem and "sudo apt-get install libxcb-cursor0" in problem
    assert "libxcb-icccm4" not in problem
    assert not english_sentences(problem)


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"DISPLAY": ":0"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({}, "win32"),
        ({}, "darwin"),
    ],
)
def test_a_screen_is_there(environ, platform):
    assert missing_display(environ, platform, everything) is None


def test_wayland_needs_no_x11_libraries_unless_xcb_is_chosen():
    nothing = lambda name: None  # noqa: E731
    assert missing_display({"WAYLAND_DISPLAY": "w"}, "linux", nothing) is None
    assert missing_display({"WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb"}, "linux", nothing)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="always a screen there")
def test_the_command_says_it_and_exits_1(tmp_path):
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "ctb_desktop", "--db", str(tmp_path / "a.sqlite")],
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("ctb-desktop: помилка: Немає графічного сеансу")
    assert not english_sentences(done.stderr)
