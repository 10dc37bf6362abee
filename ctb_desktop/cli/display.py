"""Before the window: is there a screen to show it on, and can Qt's X11 plugin load?

Without this, a start with no graphical session (ssh, a server, a container) or without
the X11 libraries Qt 6 needs ends in Qt's English abort («could not connect to display»,
«xcb-cursor0 or libxcb-cursor0 is needed»). Here the clerk gets a Ukrainian sentence
saying what is missing, and nothing of Qt is loaded yet. Only Linux and the other Unixes
with X11/Wayland are checked; Windows and macOS always have a screen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

# Libraries Qt's xcb platform plugin loads, with the Debian/Ubuntu packages holding them.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
}
# Platforms that need no display server.
HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def missing_display(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] | None = None,
) -> str | None:
    """Why the window cannot open here, in Ukrainian, or None when it can."""
    if find_library is None:
        import ctypes.util  # noqa: PLC0415 (only when the window is asked for)

        find_library = ctypes.util.find_library
    environ = os.environ if environ is None else environ
    if platform in ("win32", "darwin"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().casefold()
    if chosen.startswith(HEADLESS):
        return None
    wayland = bool(environ.get("WAYLAND_DISPLAY"))
    x11 = bool(environ.get("DISPLAY"))
    if chosen.startswith("wayland"):
        x11 = False
    if not wayland and not x11:
        return (
            "Немає графічного сеансу, щоб показати вікно (не задано DISPLAY чи "
            "WAYLAND_DISPLAY): запустіть ctb-desktop у графічному сеансі або скористайтеся "
            "командами без вікна (ctb-desktop --help)"
        )
    if wayland and not chosen.startswith("xcb"):
        return None
    missing = [package for name, package in XCB_LIBRARIES.items() if not find_library(name)]
    if missing:
        return (
            "Для вікна бракує системних бібліотек X11, потрібних Qt: "
            f"{', '.join(missing)}. Встановіть їх (sudo apt-get install {' '.join(missing)}) "
            "і запустіть програму знову"
        )
    return None
