"""Regenerate resources/fonts/times-metrics.json: the advance widths of Times New Roman
(regular and bold) for every character a report may print, read from Liberation Serif,
which has the same metrics by design.

    .venv/bin/python scripts/make_font_metrics.py

The app measures words with this table (reports/metrics.py) so it needs neither the
font files nor a font library on the clerk's machine; fontTools is a test extra, and
tests/reports/test_metrics.py checks the table against the installed font.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctb_desktop.reports.metrics import METRICS_FILE, font_widths  # noqa: E402


def main() -> None:
    table = {style: font_widths(style) for style in ("regular", "bold")}
    METRICS_FILE.write_text(
        json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"Записано {METRICS_FILE}")


if __name__ == "__main__":
    main()
