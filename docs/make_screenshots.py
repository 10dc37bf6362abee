"""Regenerate docs/screenshots/*.png from the demo database, offscreen, at 1366×768 —
the usual laptop screen of a clerk.

    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_settings = tempfile.TemporaryDirectory()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user's own settings stay untouched.
os.environ["XDG_CONFIG_HOME"] = _settings.name

from datetime import UTC, datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ctb_desktop.domain.periods import Period  # noqa: E402
from ctb_desktop.domain.program import Program  # noqa: E402
from ctb_desktop.exchange.mail import build_message, report_subject  # noqa: E402
from ctb_desktop.gui.app import create_application  # noqa: E402
from ctb_desktop.gui.import_wizard import ImportWizard  # noqa: E402
from ctb_desktop.gui.main_window import MainWindow  # noqa: E402
from ctb_desktop.gui.render_dialog import RenderDialog  # noqa: E402
from ctb_desktop.gui.settings_dialog import SettingsDialog  # noqa: E402
from ctb_desktop.reports.context import program_genitive  # noqa: E402
from ctb_desktop.storage.config import Config, SmtpSettings  # noqa: E402
from ctb_desktop.storage.database import Database  # noqa: E402
from ctb_desktop.storage.demo import fill_demo  # noqa: E402
from ctb_desktop.storage.outbox import Outbox  # noqa: E402
from ctb_desktop.storage.workspace import Workspace  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1366, 768)
SENDER = "smila.rda@example.gov.ua"


def annex_001(folder: Path) -> Path:
    """Seed 001's annex as a clerk would have it, for the import preview."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.importers.seed_tables import seed_001_rows, write_docx  # noqa: PLC0415

    return write_docx(seed_001_rows(), folder / "Додаток 2 до Програми.docx")


def district_with_mail(folder: Path) -> Database:
    """Смілянська РДА's database from the exchange tests: the oblast's program, its own
    report for 2025, and mail settings."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.exchange.network import (  # noqa: PLC0415
        district_database,
        fill,
        oblast_database,
        program_package,
    )

    with oblast_database(folder / "oblast.sqlite") as oblast:
        package = program_package(oblast)
    db = district_database(folder / "district.sqlite", "UA-71-01", package)
    fill(db, "UA-71-01", Decimal("1500"))
    config = Config(db)
    config.set("recipient", "ctl@ck-oda.gov.ua")
    config.set_smtp(SmtpSettings("mail.ck-oda.gov.ua", 587, "starttls", "smila.rda", SENDER))
    return db


def fill_outbox(db: Database, program: Program) -> None:
    """Three letters as a week of patchy internet leaves them: one sent, one waiting for
    its next attempt, one the server refused."""
    outbox = Outbox(db)
    now = datetime.now(UTC)
    for period, recipient, outcome in (
        ("2025-H1", "ctl@ck-oda.gov.ua", "sent"),
        ("2025-9M", "ctl@ck-oda.gov.au", "failed"),
        ("2025-Y", "ctl@ck-oda.gov.ua", "retry"),
    ):
        subject = report_subject(program_genitive(program), Period.parse(period), "Смілянська РДА")
        item = outbox.enqueue(build_message(SENDER, recipient, subject, "Звіт у вкладенні.", []))
        outbox.claim(item.id)
        if outcome == "sent":
            outbox.mark_sent(item.id, now - timedelta(days=2))
        elif outcome == "failed":
            outbox.mark_failed(
                item.id,
                "Сервер відхилив адресу одержувача: ctl@ck-oda.gov.au — 550 5.1.1 "
                "Recipient address rejected: Domain not found",
                now,
                retry=False,
            )
        else:
            outbox.claim(item.id)
            outbox.mark_failed(
                item.id,
                "Поштовий сервер mail.ck-oda.gov.ua:587 недоступний: немає відповіді за 30 с. "
                "Буде повторна спроба пізніше",
                now,
                retry=True,
            )


def send_screenshots(folder: Path) -> None:
    """«Надіслати звіт» after the signature was attached, and the outbox dock."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.exchange.network import PERIOD  # noqa: PLC0415
    from tests.exchange.signing import make_signer, sign_detached  # noqa: PLC0415

    out = folder / "Звіти"
    out.mkdir()
    shown = "C:\\Users\\Клерк\\Documents\\Звіти"
    with district_with_mail(folder) as db:
        window = MainWindow(db)
        window.mail_sender.stop()  # no sending from a script
        window.resize(*SIZE)
        window.show()
        window.period_combo.setCurrentIndex(window.period_combo.findData(PERIOD.code))
        window._on_choice()
        window.settings.signatory_position = "Голова районної державної адміністрації"
        window.settings.signatory_name = "Олена Петренко"
        window.settings.output_folder = str(out)
        dialog = window.send_report()
        loop = QEventLoop()
        dialog.make().finished.connect(loop.quit)
        loop.exec()
        document = dialog.made.document_path
        signature = document.with_name(f"{document.name}.p7s")
        signature.write_bytes(sign_detached(document.read_bytes(), make_signer()))
        dialog.attach(signature)
        # The clerk's own folder in the picture, not the script's temporary one.
        dialog.folder.setText(shown)
        for name in ("revision", "document"):
            label = dialog.labels[name]
            label.setText(label.text().replace(str(out) + "/", shown + "\\"))
        dialog.resize(820, dialog.height())
        dialog.fit()
        save(dialog, "send-dialog")
        dialog.close()
        fill_outbox(db, window.session.program)
        window.outbox_dock.refresh()
        window.outbox_dock.show()
        dock = window.outbox_dock
        dock.view.setCurrentIndex(dock.model.index(dock.model.row_of(2), 0))  # the failed one
        window.resizeDocks([window.outbox_dock], [230], Qt.Orientation.Vertical)
        save(window, "outbox")
        window.close()


def district_report(db: Database, code: str, period: Period, amount: int) -> None:
    """A district's report for any period, as tests/exchange/network.py fills the year's."""
    from ctb_desktop.domain.entries import (  # noqa: PLC0415
        FinancingLine,
        MeasureState,
        PeriodEntries,
        StatusEntry,
        UnitReport,
    )
    from ctb_desktop.domain.program import FundingSource  # noqa: PLC0415
    from ctb_desktop.storage.entries import EntryStore  # noqa: PLC0415
    from ctb_desktop.storage.programs import ProgramStore  # noqa: PLC0415
    from tests.exchange import network  # noqa: PLC0415

    program = ProgramStore(db).load(network.program_id(db))
    reports = []
    for task, measure in network.MEASURES:
        text = "Проведено інформаційні заходи"
        status = StatusEntry(task, measure, code, period, MeasureState.DONE, text)
        line = FinancingLine(
            task,
            measure,
            code,
            period,
            FundingSource.LOCAL,
            budget_holder=network.DISTRICTS[code][1],
            planned_year=Decimal(amount * 4),
            financed=Decimal(amount),
            cash=Decimal(amount),
        )
        reports.append(UnitReport(task, measure, code, status, [line]))
    EntryStore(db).save(program, PeriodEntries(program.code, period, reports))


def oblast_with_district_reports(folder: Path) -> Database:
    """The oblast in late January 2026 with its districts' packages for 2025: two came
    late, one was returned and sent again, one has not come yet."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ctb_desktop.exchange.incoming import receive  # noqa: PLC0415
    from ctb_desktop.exchange.outgoing import export_report  # noqa: PLC0415
    from ctb_desktop.storage.packages import ReceivedPackages  # noqa: PLC0415
    from tests.exchange import network  # noqa: PLC0415

    def send(db: Database, code: str, period: Period, amount: int, day: str) -> int:
        district_report(db, code, period, amount)
        at = datetime.fromisoformat(day)
        sent = export_report(Workspace(db), network.program_id(db), period, code, now=at)
        return receive(Workspace(oblast), sent.content, sent.file_name, now=at).package_id

    kinds = ("Q1", "H1", "9M", "Y")
    arrivals = {  # the day each period's package came; None: not yet
        "UA-71-01": ["2025-04-14", "2025-07-15", "2025-10-17", "2026-01-15"],
        "UA-71-02": ["2025-04-18", "2025-07-18", "2025-10-27", "2026-01-19"],
        "UA-71-03": ["2025-04-17", "2025-07-22", None, None],
    }
    oblast = network.oblast_database(folder / "oblast-received.sqlite")
    package = network.program_package(oblast)
    store = ReceivedPackages(oblast)
    for code, days in arrivals.items():
        with network.district_database(folder / f"{code}.sqlite", code, package) as db:
            for number, (kind, day) in enumerate(zip(kinds, days, strict=True), 1):
                if day is None:
                    continue
                period = Period.parse(f"2025-{kind}")
                package_id = send(db, code, period, 12000 * number, f"{day}T09:30+00:00")
                if kind != "Y" or code == "UA-71-01":
                    store.set_review(package_id, "accepted")
                elif code == "UA-71-02":
                    reason = (
                        "У заході 3.2 касові видатки не збігаються з довідкою фінуправління; "
                        "уточніть суму та надішліть звіт ще раз."
                    )
                    store.set_review(package_id, "returned", reason)
                    send(db, code, period, 45500, "2026-01-23T14:05+00:00")
    return oblast


def received_screenshot(folder: Path) -> None:
    """«Отримані звіти» with Уманська РДА's returned revision chosen."""
    from datetime import date  # noqa: PLC0415

    from ctb_desktop.gui.received_window import ReceivedWindow  # noqa: PLC0415
    from ctb_desktop.gui.session import ReportSession  # noqa: PLC0415
    from ctb_desktop.gui.settings import Settings  # noqa: PLC0415
    from ctb_desktop.storage.programs import ProgramStore  # noqa: PLC0415

    year = Period.parse("2025-Y")
    with oblast_with_district_reports(folder) as oblast:
        session = ReportSession(oblast)
        session.choose(ProgramStore(oblast).list()[0].id, "UA-71", year)
        window = ReceivedWindow(session, Settings(), today=date(2026, 1, 26))
        window.show()
        window.board_view.setCurrentIndex(window.board_model.index_of("UA-71-02", year))
        window.history_view.setCurrentIndex(window.revisions_model.index(1, 0))
        save(window, "received_window")
        window.close()


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))


def choose(window: MainWindow, unit: str, task: str, measure: str) -> None:
    window.unit_combo.setCurrentIndex(window.unit_combo.findData(unit))
    window._on_choice()
    found = window.session.program.find_measure(task, measure)
    window._select_measure(found.id)


def main() -> None:
    create_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        with Database.open(Path(folder) / "empty.sqlite") as empty:
            window = MainWindow(empty)
            window.resize(*SIZE)
            window.show()
            save(window, "main-window-empty")
            window.close()
        with Database.open(Path(folder) / "demo.sqlite") as demo:
            fill_demo(demo)
            window = MainWindow(demo)
            window.resize(*SIZE)
            window.show()
            choose(window, "mspu", "2.", "6)")
            save(window, "main-window")
            choose(window, "UA-68", "4.", "1)")
            save(window, "main-window-financing-problems")
            window.settings.signatory_position = "Директор Департаменту соцзахисту населення"
            window.settings.signatory_name = "Людмила Корнієнко"
            window.settings.output_folder = "C:/Users/Клерк/Documents/Звіти"
            choose(window, "mspu", "2.", "6)")
            dialog = RenderDialog(window.session, window.settings, "annual", window)
            dialog.resize(720, dialog.sizeHint().height())
            dialog.show()
            save(dialog, "render-dialog")
            dialog.close()
            wizard = ImportWizard(window.session, window)
            wizard.file.setText(str(annex_001(Path(folder))))
            wizard.show()
            wizard.next()
            loop = QEventLoop()
            wizard.job.finished.connect(loop.quit)
            loop.exec()
            save(wizard, "import-wizard-preview")
            wizard.close()
            settings = SettingsDialog(window.settings, window.session.workspace, window)
            settings.resize(640, settings.sizeHint().height())
            settings.show()
            save(settings, "settings-dialog")
            settings.tabs.setCurrentWidget(settings.mail_tab)
            save(settings, "settings-dialog-mail")
            settings.close()
            window.close()
        send_screenshots(Path(folder))
        received_screenshot(Path(folder))
    print(f"Знімки збережено в {OUT}")


if __name__ == "__main__":
    main()
