"""End to end: three district databases fill their reports and send packages, the
oblast imports them, consolidates and sends its own; a revised package changes the
oblast's totals."""

from decimal import Decimal

import pytest

from ctb_desktop.domain.totals import program_totals
from ctb_desktop.exchange.board import load_board
from ctb_desktop.exchange.consolidate import consolidate
from ctb_desktop.exchange.incoming import receive
from ctb_desktop.exchange.outgoing import export_report
from ctb_desktop.exchange.package import read
from ctb_desktop.exchange.replies import return_letter
from ctb_desktop.reports.pdf import find_office
from ctb_desktop.storage.config import Config
from ctb_desktop.storage.entries import EntryStore
from ctb_desktop.storage.packages import ReceivedPackages
from ctb_desktop.storage.programs import ProgramStore
from ctb_desktop.storage.workspace import Workspace
from tests.collector_spy import collector_states
from tests.exchange.network import (
    DISTRICTS,
    OBLAST,
    PERIOD,
    RECEIVED_AT,
    district_database,
    fill,
    oblast_database,
    program_id,
    program_package,
)
from tests.reports.docx_reading import open_docx, rows

AMOUNTS = {"UA-71-01": Decimal("1500"), "UA-71-02": Decimal("2250.50"), "UA-71-03": Decimal(800)}


@pytest.fixture
def network(tmp_path):
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    package = program_package(oblast)
    districts = {
        code: district_database(tmp_path / f"{code}.sqlite", code, package) for code in DISTRICTS
    }
    yield oblast, districts
    for db in (oblast, *districts.values()):
        db.close()


def _send(db, code):
    return export_report(Workspace(db), program_id(db), PERIOD, code)


def _program_row(content: bytes) -> list[str]:
    table = open_docx(content).tables[0]
    return next(row for row in rows(table) if row[0] == "Разом по Програмі")


def test_districts_report_and_the_oblast_consolidates(network):
    oblast, districts = network
    for code, db in districts.items():
        fill(db, code, AMOUNTS[code])
        outgoing = _send(db, code)
        assert outgoing.revision == 1
        received = receive(Workspace(oblast), outgoing.content, outgoing.file_name, now=RECEIVED_AT)
        assert received.outcome == "imported", received.message

    consolidated = consolidate(Workspace(oblast), program_id(oblast), PERIOD)
    assert consolidated.layout == "annual"
    total = sum(AMOUNTS.values())  # 4550,50 грн = 4,6 тис. грн, as the report rounds
    program_row = _program_row(consolidated.report.content)
    assert program_row[:6] == ["Разом по Програмі", "Разом", "0,0", "9,1", "9,1", "9,1"]
    financing = rows(open_docx(consolidated.report.content).tables[0])
    sub_rows = [row for row in financing if row[2:3] == ["Смілянська РДА"]]
    # Lines typed in the window carry only the source choice; the report names it.
    assert [row[3] for row in sub_rows] == ["місцевий бюджет", "місцевий бюджет"]
    program = ProgramStore(oblast).load(program_id(oblast))
    entries = EntryStore(oblast).load(program, PERIOD)
    assert program_totals(program, entries.financing).program.total.cash == 2 * total
    # Section II: under each measure, a paragraph per district, headed by its name.
    execution = rows(open_docx(consolidated.report.content).tables[1])
    statuses = [row[-1] for row in execution if "Проведено" in row[-1]]
    expected = "\n".join(f"{short}\nПроведено ({code})" for code, (_, short) in DISTRICTS.items())
    assert statuses == [expected, expected]
    board = load_board(Workspace(oblast), program_id(oblast), PERIOD.year)
    assert [board.cell(code, PERIOD).state for code in DISTRICTS] == ["received"] * 3

    # The oblast's own package carries its districts' entries upward.
    own = export_report(Workspace(oblast), program_id(oblast), PERIOD, OBLAST)
    package = read(own.content, own.file_name)
    assert {unit.code for unit in package.units} >= {OBLAST, *DISTRICTS}
    assert {report.unit_code for report in package.entries().reports} == set(DISTRICTS)


def _first_received(network, code: str):
    """The oblast's database, the district's and its first revision (1000 грн a line),
    sent and received."""
    oblast, districts = network
    db = districts[code]
    fill(db, code, Decimal(1000))
    first = _send(db, code)
    receive(Workspace(oblast), first.content, first.file_name, now=RECEIVED_AT)
    return oblast, db, first


def test_a_revised_package_replaces_the_earlier_revision(network):
    code = "UA-71-02"
    oblast, db, first = _first_received(network, code)
    assert _total(oblast) == "2,0"

    fill(db, code, Decimal(3000), text="Уточнено")
    second = _send(db, code)
    assert second.revision == 2
    result = receive(Workspace(oblast), second.content, second.file_name, now=RECEIVED_AT)
    assert result.outcome == "replaced"
    assert _total(oblast) == "6,0"
    history = ReceivedPackages(oblast).list(program_id(oblast), PERIOD, code)
    assert [item.revision for item in history] == [2, 1]

    # The older revision arriving late is kept in the history but changes nothing.
    again = receive(Workspace(oblast), first.content, first.file_name, now=RECEIVED_AT)
    assert again.outcome == "unchanged"
    assert _total(oblast) == "6,0"


def test_exporting_unchanged_data_gives_the_same_bytes(network):
    _, districts = network
    code = "UA-71-01"
    db = districts[code]
    fill(db, code, Decimal(10))
    first, again = _send(db, code), _send(db, code)
    assert first.content == again.content
    assert again.revision == 1
    fill(db, code, Decimal(11))
    assert _send(db, code).revision == 2


def test_a_resend_with_another_sender_address_or_a_pdf_copy_is_the_same_revision(
    network, monkeypatch
):
    """Neither the sender's address (config smtp.sender) nor a PDF copy (--pdf) is report
    data: the package's bytes change, its revision does not, and the receiver takes it
    as the revision it already has rather than refusing it for good."""
    oblast, districts = network
    code = "UA-71-01"
    db = districts[code]
    fill(db, code, Decimal(10))
    first = _send(db, code)
    assert (
        receive(Workspace(oblast), first.content, first.file_name, now=RECEIVED_AT).outcome
        == "imported"
    )

    Config(db).set("smtp.sender", "inshyi@rda.gov.ua")
    other_sender = _send(db, code)
    assert other_sender.content != first.content and other_sender.revision == 1
    assert read(other_sender.content, "x").manifest["contact"] == "inshyi@rda.gov.ua"
    again = receive(
        Workspace(oblast), other_sender.content, other_sender.file_name, now=RECEIVED_AT
    )
    assert again.outcome == "unchanged", again.message

    monkeypatch.setattr(
        "ctb_desktop.exchange.outgoing.docx_to_pdf", lambda docx, stamp: b"%PDF-1.7 copy"
    )
    with_pdf = export_report(Workspace(db), program_id(db), PERIOD, code, pdf=True)
    assert with_pdf.pdf and with_pdf.revision == 1 and with_pdf.content != other_sender.content
    again = receive(Workspace(oblast), with_pdf.content, with_pdf.file_name, now=RECEIVED_AT)
    assert again.outcome == "unchanged", again.message
    history = ReceivedPackages(oblast).list(program_id(oblast), PERIOD, code)
    assert [item.revision for item in history] == [1]

    # Changed data still is a new revision, which the receiver takes in place of the first.
    fill(db, code, Decimal(20))
    changed = export_report(Workspace(db), program_id(db), PERIOD, code, pdf=True)
    assert changed.revision == 2
    assert receive(
        Workspace(oblast), changed.content, changed.file_name, now=RECEIVED_AT
    ).outcome == ("replaced")


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed")
def test_a_pdf_copy_goes_in_when_libreoffice_is_there_and_keeps_the_bytes_stable(network):
    _, districts = network
    code = "UA-71-03"
    db = districts[code]
    fill(db, code, Decimal(10))
    first = export_report(Workspace(db), program_id(db), PERIOD, code, pdf=True)
    again = export_report(Workspace(db), program_id(db), PERIOD, code, pdf=True)
    assert first.pdf
    assert read(first.content, "x").files["report.pdf"].startswith(b"%PDF")
    assert first.content == again.content


def test_a_returned_report_gets_a_reply_with_the_comment(network):
    oblast, districts = network
    code = "UA-71-01"
    db = districts[code]
    Config(db).set("smtp.sender", "smila-rda@example.gov.ua")
    fill(db, code, Decimal(5))
    outgoing = _send(db, code)
    received = receive(Workspace(oblast), outgoing.content, outgoing.file_name)
    ReceivedPackages(oblast).set_review(received.package_id, "returned", "Уточніть КПКВК")
    letter = return_letter(Workspace(oblast), received.package_id)
    assert letter["To"] == "smila-rda@example.gov.ua"
    assert letter["Subject"] == "Звіт за 2025 рік — Смілянська РДА: повернуто на доопрацювання"
    body = letter.get_body().get_content()
    assert "Уточніть КПКВК" in body
    assert "редакція 1" in body


def _total(oblast) -> str:
    """The program's row of the oblast's consolidated report: its total (column 4)."""
    report = consolidate(Workspace(oblast), program_id(oblast), PERIOD).report
    return _program_row(report.content)[3]


def test_consolidation_warns_of_a_returned_revision_or_takes_only_accepted_ones(network):
    code = "UA-71-02"
    oblast, db, _first = _first_received(network, code)
    store = ReceivedPackages(oblast)
    [accepted] = store.list(program_id(oblast), PERIOD, code)
    store.set_review(accepted.id, "accepted")
    fill(db, code, Decimal(3000), text="Уточнено")
    second = _send(db, code)
    receive(Workspace(oblast), second.content, second.file_name, now=RECEIVED_AT)
    newest = store.list(program_id(oblast), PERIOD, code)[0]
    store.set_review(newest.id, "returned", "Уточніть суми")

    newest_used = consolidate(Workspace(oblast), program_id(oblast), PERIOD)
    assert _program_row(newest_used.report.content)[3] == "6,0"
    assert any(
        "Уманська РДА: використано редакцію 2, яку повернуто на доопрацювання" in warning
        for warning in newest_used.warnings
    )
    assert "Уманська РДА: використано редакцію 2 без підпису" in newest_used.warnings

    accepted_only = consolidate(Workspace(oblast), program_id(oblast), PERIOD, accepted_only=True)
    assert _program_row(accepted_only.report.content)[3] == "2,0"
    assert (
        "Уманська РДА: використано прийняту редакцію 1, а не найновішу 2 "
        "(повернуто на доопрацювання)"
    ) in accepted_only.warnings
    # The entries in the database are untouched: the newest revision stays there.
    assert _program_row(consolidate(Workspace(oblast), program_id(oblast), PERIOD).report.content)[
        3
    ] == ("6,0")


def test_the_oblast_reads_and_renders_with_the_collector_paused(oblast, monkeypatch):
    """Every unit's entries and the report's rows live until the document is written:
    the cycle collector is held off meanwhile (domain/collector.py), and runs after."""
    import gc  # noqa: PLC0415
    import importlib  # noqa: PLC0415

    module = importlib.import_module("ctb_desktop.exchange.consolidate")
    seen = collector_states(monkeypatch, module, "load_report_data")
    assert gc.isenabled()
    consolidate(Workspace(oblast), program_id(oblast), PERIOD)
    assert seen == [False]
    assert gc.isenabled()
