"""Colours that stay readable in a light and a dark window (Windows 11 in dark mode
gives Qt 6 a dark palette). Two rules, checked by tests/gui/test_dark_mode.py against
WCAG's contrast ratio:

- a cell or label given a light background also gets its dark text (`TEXT_ON_PASTEL`),
  never the palette's text, which is white in a dark window;
- a coloured text on the window's own background (a verdict, a failed letter) takes a
  shade for the palette: dark green or red on a light window, light ones on a dark.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

TEXT_ON_PASTEL = "#1b1b1b"
_SIGNALS = {
    # (good, light window), …: 6–8:1 against white or #f0f0f0, 5–7:1 against #202020–#353535.
    (True, False): "#1b5e20",
    (False, False): "#b00020",
    (True, True): "#8fd694",
    (False, True): "#ff8a80",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """A dark window: its background darker than middle grey."""
    palette = palette if palette is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def signal_colour(good: bool, palette: QPalette | None = None) -> str:
    """Green for good news, red for bad, in the shade the palette's window needs."""
    return _SIGNALS[(good, is_dark(palette))]


def signal_style(good: bool, palette: QPalette | None = None, *, bold: bool = False) -> str:
    """A style sheet colouring a label's text (on the window's background)."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {signal_colour(good, palette)};{weight}"


def pastel_style(background: str) -> str:
    """A style sheet giving a widget a light background with the dark text it needs."""
    return f"background: {background}; color: {TEXT_ON_PASTEL};"


def text_on_pastel() -> QColor:
    return QColor(TEXT_ON_PASTEL)
