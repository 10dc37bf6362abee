"""Regenerate docs/reports/*.png: the first page of each layout rendered from the
demo database, through LibreOffice → PDF → PNG, as a clerk would see it printed.

    .venv/bin/python docs/make_report_pngs.py

Needs ../shared/tools/docx-to-png (it installs LibreOffice and poppler on first use).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ctb_desktop.domain.periods import Period
from ctb_desktop.reports.context import ReportOptions, Signatory, load_report_data
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo

DOCS = Path(__file__).resolve().parent
TOOL = DOCS.parents[1] / "shared" / "tools" / "docx-to-png"
SIGNATORY = Signatory("Директор Департаменту соціального захисту населення", "Людмила Корнієнко")
# (layout, unit): the ministry's reports, which carry the demo's status texts.
LAYOUTS = [("structure", None), ("status", "mspu"), ("annual", None)]


def main() -> None:
    out = DOCS / "reports"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with Database.open(work / "demo.sqlite") as db:
            program_id = fill_demo(db)
            for layout, unit in LAYOUTS:
                data = load_report_data(db, program_id, Period.parse("2024-Y"), unit)
                save(
                    render(layout, data, ReportOptions(signatory=SIGNATORY)),
                    work / f"{layout}.docx",
                )
        for layout, _ in LAYOUTS:
            subprocess.run(
                [str(TOOL), str(work / f"{layout}.docx"), str(work / "png"), "80", "1"], check=True
            )
            page = next((work / "png").glob(f"{layout}-*1.png"))
            shutil.copy(page, out / f"{layout}.png")
            print(f"{out / layout}.png")


if __name__ == "__main__":
    main()
