import pytest

from ctb_desktop.domain.periods import Period
from ctb_desktop.reports.context import ReportOptions, Signatory, load_report_data
from ctb_desktop.reports.render import render
from tests.reports.docx_reading import open_docx

SIGNATORY = Signatory("Директор Департаменту соціального захисту населення", "Людмила Корнієнко")


@pytest.fixture
def rendered(demo_db, demo_program):
    """render(layout, period=…, unit=…, **options) → (python-docx Document, warnings)."""

    def make(layout, period="2024-Y", unit=None, **options):
        data = load_report_data(
            demo_db, demo_program.id, Period.parse(period) if period else None, unit
        )
        options.setdefault("signatory", SIGNATORY)
        report = render(layout, data, ReportOptions(**options))
        return open_docx(report.content), report.warnings

    return make
