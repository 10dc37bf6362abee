"""Regenerate docs/reports/*.png: the first page of each layout rendered from the
demo database, through LibreOffice → PDF → PNG, as a clerk would see it printed.

    .venv/bin/python docs/make_report_pngs.py [FOLDER]

With FOLDER, every page of every document goes there too, to look through.

Needs ../shared/tools/docx-to-png (it installs LibreOffice and poppler on first use).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's code

from ctb_desktop.domain.periods import Period
from ctb_desktop.reports.context import ReportOptions, Signatory, load_report_data
from ctb_desktop.reports.render import render, save
from ctb_desktop.storage.database import Database
from ctb_desktop.storage.demo import fill_demo

DOCS = Path(__file__).resolve().parent
TOOL = DOCS.parents[1] / "shared" / "tools" / "docx-to-png"
SIGNATORY = Signatory(
    "Директор Департаменту соціального захисту населення", "Людмила Володимирівна Корнієнко"
)
# (picture, layout, unit, columns, oblasts only): both forms of the annex, an oblast's
# status report, the ministry's annual report (it carries the demo's status texts), and
# the consolidated report of a database that holds only the oblasts' rows.
LAYOUTS = [
    ("structure", "structure", None, 4, False),
    ("structure-8", "structure", None, 8, False),
    ("status", "status", "UA-07", None, False),
    ("annual", "annual", None, None, False),
    ("consolidated", "annual", None, None, True),
]


def main() -> None:
    out = DOCS / "reports"
    out.mkdir(exist_ok=True)
    every_page = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with Database.open(work / "demo.sqlite") as db:
            program_id = fill_demo(db)
            for name, layout, unit, columns, oblasts_only in LAYOUTS:
                data = load_report_data(db, program_id, Period.parse("2024-Y"), unit)
                if oblasts_only:
                    data.entries.reports = [
                        report for report in data.entries.reports if report.unit_code != "mspu"
                    ]
                    data.entries.proposals = {}
                options = ReportOptions(signatory=SIGNATORY, columns=columns)
                save(render(layout, data, options), work / f"{name}.docx")
        for name, *_ in LAYOUTS:
            source = str(work / f"{name}.docx")
            subprocess.run([str(TOOL), source, str(work / "png"), "80", "1"], check=True)
            page = next((work / "png").glob(f"{name}-*1.png"))
            shutil.copy(page, out / f"{name}.png")
            print(f"{out / name}.png")
            if every_page is not None:
                subprocess.run([str(TOOL), source, str(every_page), "50", "999"], check=True)


if __name__ == "__main__":
    main()
