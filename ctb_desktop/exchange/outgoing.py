"""«Надіслати звіт»: a unit's report for a period as a package, and the letter that
carries it upward; «Надіслати програму»: a program's structure for the units below.

The package holds the unit's own entries and those of every unit under it (an oblast
sends what its districts reported too), and the report rendered in the layout the
period calls for. Exporting unchanged data again gives the same revision, date and
bytes; changed data gives the next revision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.message import EmailMessage

from ctb_desktop.domain.entries import PeriodEntries
from ctb_desktop.domain.periods import Period, PeriodKind
from ctb_desktop.domain.progress import Progress
from ctb_desktop.domain.units import ReportingUnit, descendants, family
from ctb_desktop.exchange.incoming import signature_summary
from ctb_desktop.exchange.mail import Attachment, build_message, report_body, report_subject
from ctb_desktop.exchange.package import (
    REPORT,
    REPORT_PDF,
    PackageContent,
    PackageError,
    attach_signature,
    build,
    canonical_json,
    program_files,
    read,
    report_files,
    sha256,
    structure_hash,
)
from ctb_desktop.exchange.signature import SignatureCheck, check_signature_file
from ctb_desktop.exchange.signature_result import FAILURES, NO_CERTIFICATE
from ctb_desktop.reports.context import (
    ReportData,
    ReportOptions,
    load_report_data,
    program_genitive,
)
from ctb_desktop.reports.pdf import docx_to_pdf
from ctb_desktop.reports.render import file_name, render, safe_name
from ctb_desktop.storage.database import utc_moment, utc_text
from ctb_desktop.storage.packages import SentRevision
from ctb_desktop.storage.workspace import Workspace


@dataclass
class Outgoing:
    """A package ready to save or send, and the document inside it (the file to sign)."""

    content: bytes
    file_name: str
    report: bytes
    report_name: str
    revision: int
    unit: ReportingUnit
    period: Period | None
    pdf: bool = False
    program_id: int | None = None
    # A new revision not yet recorded as sent (export_report with record=False).
    unrecorded: SentRevision | None = None


def report_layout(period: Period) -> str:
    """The year's report is the «Звіт про результати виконання»; the other periods
    send «Інформація про стан виконання»."""
    return "annual" if period.kind is PeriodKind.Y else "status"


def only_units(entries: PeriodEntries, codes: set[str]) -> PeriodEntries:
    return replace(
        entries,
        reports=[report for report in entries.reports if report.unit_code in codes],
        proposals={unit: text for unit, text in entries.proposals.items() if unit in codes},
    )


def export_report(
    ws: Workspace,
    program_id: int,
    period: Period,
    unit_code: str,
    options: ReportOptions | None = None,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    pdf: bool = False,
    record: bool = True,
) -> Outgoing:
    """Render and pack the unit's report; a new revision is recorded only when the data
    differ from the last package sent. With `pdf`, a PDF copy goes in too when
    LibreOffice is installed (`Outgoing.pdf` says whether it was). Without `record` (a
    worker's read-only connection) the new revision is left in `Outgoing.unrecorded`
    for the database's own thread to record (record_revision)."""
    now = now or datetime.now(UTC)
    options = options or ReportOptions()
    data = load_report_data(ws.db, program_id, period, unit_code)
    data.entries = only_units(data.entries, data.unit_codes_in_scope)
    layout = report_layout(period)
    sent = ws.sent
    previous = sent.latest(program_id, unit_code, period)
    day = date.fromisoformat(previous.created_at[:10]) if previous else now.date()
    # The file is dated by its revision, so unchanged data give the same bytes.
    stamp = utc_moment(previous.created_at if previous else utc_text(now))
    files, data_hash = _report(layout, data, replace(options, today=day, created=stamp), progress)
    unrecorded: SentRevision | None = None
    if previous and previous.data_hash == data_hash:
        revision, created_at = previous.revision, previous.created_at
    else:
        revision = previous.revision + 1 if previous else 1
        created_at = utc_text(now)
        if previous:
            dated = replace(options, today=now.date(), created=utc_moment(created_at))
            files, data_hash = _report(layout, data, dated, progress)
        unrecorded = SentRevision(revision, data_hash, created_at)
        if record:
            sent.add(program_id, unit_code, period, unrecorded)
            unrecorded = None
    if pdf:
        stamp = utc_moment(created_at)
        copy = docx_to_pdf(files[REPORT], stamp)
        if copy is not None:
            files[REPORT_PDF] = copy
    unit = data.unit
    content = build(
        PackageContent(
            "report",
            data.program,
            unit,
            family(data.units, unit.code),
            revision,
            created_at,
            period,
            files,
            ws.config.smtp.sender,
        )
    )
    return Outgoing(
        content,
        package_name(period, unit, revision),
        files[REPORT],
        file_name(layout, period.title, unit.short_name),
        revision,
        unit,
        period,
        REPORT_PDF in files,
        program_id,
        unrecorded,
    )


def record_revision(ws: Workspace, outgoing: Outgoing) -> None:
    """The revision an export on a worker made, recorded as sent."""
    if outgoing.unrecorded is not None and outgoing.period is not None:
        ws.sent.add(outgoing.program_id, outgoing.unit.code, outgoing.period, outgoing.unrecorded)


def _report(
    layout: str, data: ReportData, options: ReportOptions, progress: Progress | None
) -> tuple[dict[str, bytes], str]:
    files = report_files(data.entries, render(layout, data, options, progress).content)
    units = [data.unit, *descendants(data.units, data.unit.code)]
    fingerprint = {
        "files": {name: sha256(content) for name, content in files.items()},
        "structure": structure_hash(data.program),
        "units": [unit.code + unit.name + unit.short_name for unit in units],
    }
    return files, sha256(canonical_json(fingerprint))


def package_name(period: Period | None, unit: ReportingUnit, revision: int) -> str:
    if period is None:
        return safe_name(["Програма", unit.short_name], ".ctbpkg")
    return safe_name(["Звіт", period.title, unit.short_name, f"ред{revision}"], ".ctbpkg")


def export_program(ws: Workspace, program_id: int, unit_code: str) -> Outgoing:
    """The program's structure and the unit directory below `unit_code`, for the units
    that report on it. Deterministic: its date is the program's, not the clock's."""
    program = ws.programs.load(program_id)
    units = ws.units.list()
    unit = next((candidate for candidate in units if candidate.code == unit_code), None)
    if unit is None:
        ws.units.require_ids({unit_code})
    files = program_files(program)
    created_at = f"{program.year_from}-01-01T00:00:00.000Z"
    content = build(
        PackageContent(
            "program",
            program,
            unit,
            family(units, unit_code),
            1,
            created_at,
            None,
            files,
        )
    )
    return Outgoing(content, package_name(None, unit, 1), b"", "", 1, unit, None)


def attach_signature_file(
    content: bytes, name: str, signature: bytes, signature_name: str
) -> tuple[bytes, SignatureCheck]:
    """«Додати підпис»: the package with the signature the КЕП tool produced for its
    report. A signature that cannot be verified here — of another document, without the
    signer's certificate, or in an algorithm not checked — is refused, each with its reason,
    rather than sent upward."""
    package = read(content, name)
    if package.kind != "report":
        raise PackageError(f"«{name}» — пакет програми; підписується лише пакет звіту")
    check = check_signature_file(signature, signature_name, package.files[REPORT], REPORT)
    reason = check.refusal()
    if reason is not None:
        reason = reason if reason.endswith(("!", ".")) else f"{reason}."
        raise PackageError(
            f"Підпис «{signature_name}» не додано до пакета «{name}»: {reason} "
            + REFUSAL_ADVICE.get(reason.rstrip("."), REFUSAL_ADVICE[""])
        )
    return attach_signature(package, signature_name, signature), check


# What to do next, by the reason a signature was refused.
REFUSAL_ADVICE = {
    FAILURES[1][1]: "Підпишіть документ, збережений разом із цим пакетом",
    NO_CERTIFICATE: "Підпишіть документ ще раз, зберігши сертифікат у підписі (так типово "
    "роблять засоби КЕП)",
    "": "Підпишіть документ засобом КЕП у форматі CAdES (.p7s) алгоритмом ДСТУ 4145, ECDSA або RSA",
}


def report_letter(ws: Workspace, content: bytes, name: str, recipient: str) -> EmailMessage:
    """The letter that carries a package upward — signed or not — with its report as a
    readable copy; the subject names the program, the period and the unit."""
    package = read(content, name)
    if package.period is None:
        raise PackageError(f"«{name}» — не пакет звіту, а пакет програми")
    program = ws.program_by_code(package.program_code, f"Пакет «{name}»")
    unit, period = package.unit, package.period
    signature = signature_summary(package, [])
    signer = signature.get("signer_name", "") if signature else ""
    document = file_name(report_layout(period), period.title, unit.short_name)
    return build_message(
        ws.config.smtp.sender,
        recipient,
        report_subject(program_genitive(program), period, unit.short_name),
        report_body(unit.short_name, period, signer),
        [
            Attachment(name, content),
            Attachment(document, package.files[REPORT]),
            *(
                [Attachment(document.removesuffix(".docx") + ".pdf", package.files[REPORT_PDF])]
                if REPORT_PDF in package.files
                else []
            ),
        ],
    )
