"""Packages up and down the hierarchy: a unit's report package and the document to sign
beside it, a signature attached, the program for the units below, the letter that
carries a package, and receiving packages (read on any thread, stored on the owner's)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ctb_desktop.domain.collector import collector_paused
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.exchange.incoming import (
    Arrived,
    Received,
    Receiving,
    arrive_file,
    package_paths,
    read_file,
    take,
)
from ctb_desktop.exchange.outgoing import (
    Outgoing,
    attach_signature_file,
    export_program,
    export_report,
    record_revision,
    report_letter,
)
from ctb_desktop.exchange.package import REPORT, read
from ctb_desktop.exchange.signature import SignatureCheck, check_signature_file
from ctb_desktop.reports.context import ReportOptions
from ctb_desktop.storage.applog import log_bug
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.long_paths import fitted
from ctb_desktop.storage.outbox import OutboxItem
from ctb_desktop.storage.workspace import Workspace


@dataclass
class Made:
    """A report package as saved, the document to sign beside it, and the signature of
    an earlier save of the same revision, which was kept."""

    outgoing: Outgoing
    content: bytes
    package_path: Path
    document_path: Path
    previous_revision: int | None
    kept_signature: SignatureCheck | None = None


def export_report_package(
    ws: Workspace,
    program_id: int,
    period: Period,
    unit_code: str,
    options: ReportOptions,
    output: Path,
    document_path: Path | None = None,
    *,
    pdf: bool = False,
    progress: Progress | None = None,
    record: bool = True,
) -> Made:
    """Export and save the package at `output` (a folder: in it, under the package's
    own name) and the document to sign (beside it unless `document_path` says where).
    A package of the same revision already signed at that place is left as it is, so
    forming the package again keeps the signature. On a worker's read-only workspace
    pass `record=False`, then record_sent on the database's own thread."""
    previous = ws.sent.latest(program_id, unit_code, period)
    outgoing = export_report(
        ws, program_id, period, unit_code, options, pdf=pdf, progress=progress, record=record
    )
    package_path = fitted(output, outgoing.file_name) if output.is_dir() else output
    document_path = document_path or fitted(package_path.parent, outgoing.report_name)
    signed = _signed_package(package_path, outgoing)
    content, kept = signed or (outgoing.content, None)
    if kept is None:
        write_atomically(package_path, content)
    write_atomically(document_path, outgoing.report)
    return Made(
        outgoing,
        content,
        package_path,
        document_path,
        previous.revision if previous else None,
        kept,
    )


def record_sent(ws: Workspace, made: Made) -> None:
    """The new revision of a package made on a worker, recorded as sent."""
    record_revision(ws, made.outgoing)


def _signed_package(path: Path, outgoing: Outgoing) -> tuple[bytes, SignatureCheck] | None:
    """The package already at `path` and its signature, when it signs this very report."""
    if not path.is_file():
        return None
    try:
        content = read_file(path)
        existing = read(content, path.name)
        signature = existing.signature
        if signature and existing.files.get(REPORT) == outgoing.report:
            check = check_signature_file(signature[1], signature[0], outgoing.report, REPORT)
            return content, check
    except UserError:
        pass  # not a package of ours any more: written anew
    return None


def export_program_package(
    ws: Workspace, program_id: int, unit_code: str | None, output: Path
) -> Outgoing:
    """The program's structure for the units below `unit_code` (default: this
    database's own unit), saved at `output`."""
    unit_code = unit_code or ws.config.unit
    if not unit_code:
        raise UserError(
            "Не вказано орган, що розсилає програму: оберіть власний орган у налаштуваннях "
            "(або --unit КОД)"
        )
    outgoing = export_program(ws, program_id, unit_code)
    write_atomically(output, outgoing.content)
    return outgoing


def attach_signature(
    package_path: Path, signature_path: Path, output: Path | None = None
) -> tuple[bytes, SignatureCheck]:
    """The КЕП signature (.p7s, .asice) checked against the package's document and put
    into the package, saved at `output` (default: in place)."""
    signed, check = attach_signature_file(
        read_file(package_path),
        package_path.name,
        read_file(signature_path),
        signature_path.name,
    )
    write_atomically(output or package_path, signed)
    return signed, check


def package_letter(
    ws: Workspace, content: bytes, name: str, recipient: str = "", *, queue: bool = False
) -> tuple[EmailMessage, OutboxItem | None]:
    """The letter that carries a package to `recipient` (default: the database's report
    recipient); with `queue`, put into the outbox."""
    recipient = recipient or ws.config.recipient
    letter = report_letter(ws, content, name, recipient)
    if not queue:
        return letter, None
    if not recipient or not letter["From"]:
        raise UserError(
            "Для черги відправлення потрібні адресат (config recipient або --to) і адреса "
            "відправника (config smtp.sender)"
        )
    return letter, ws.outbox.enqueue(letter)


# ---------------------------------------------------------------------- receiving

Outcome = Received | UserError


@collector_paused()  # every package's entries stay alive until stored: domain/collector.py
def read_packages(
    paths: Iterable[Path], progress: Progress | None = None
) -> list[tuple[Path, Arrived | UserError]]:
    """Each file read and checked on its own (a folder stands for the packages in it);
    no database is needed, so a worker thread does this part."""
    files = package_paths(paths)
    progress = progress or Progress()
    progress.start(len(files), "Перевірка пакетів")
    found: list[tuple[Path, Arrived | UserError]] = []
    for path in files:
        try:
            found.append((path, arrive_file(path)))
        except UserError as exc:
            found.append((path, exc))
        except Exception as exc:
            found.append((path, _bug(path, exc)))
        progress.step(path.name)
    return found


def _bug(path: Path, exc: Exception) -> UserError:
    """A package that broke the reader (a bug): logged, and refused on its own."""
    log = log_bug((type(exc), exc, exc.__traceback__), f"package {path}")
    where = f"; подробиці в журналі «{log}»" if log else ""
    return UserError(
        f"Пакет «{path.name}» не вдалося обробити через непередбачену помилку "
        f"({type(exc).__name__}){where}. Інші пакети приймаються далі"
    )


@collector_paused()
def store_packages(
    ws: Workspace,
    arrived: list[tuple[Path, Arrived | UserError]],
    *,
    own_unit: str | None = None,
    period: Period | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, Outcome]]:
    """The packages read by read_packages, each checked against the database and stored
    on its own: one refused package does not stop the others, and leaves nothing
    behind. One backup first, then one transaction for the whole batch (the clerk's
    one action), each package in a savepoint of it."""
    if any(not isinstance(item, UserError) for _path, item in arrived):
        ws.backup()
    progress = progress or Progress()
    progress.start(len(arrived), "Отримання пакетів")
    results: list[tuple[Path, Outcome]] = []
    receiving = Receiving(ws)
    with ws.db.transaction():
        for path, item in arrived:
            outcome: Outcome = (
                item
                if isinstance(item, UserError)
                else _take(ws, item, own_unit, period, receiving)
            )
            results.append((path, outcome))
            progress.step(path.name)
    return results


def _take(
    ws: Workspace,
    item: Arrived,
    own_unit: str | None,
    period: Period | None,
    receiving: Receiving,
) -> Outcome:
    """One package in a savepoint of the folder's transaction: a refusal or a bug
    rolls back only it."""
    try:
        with ws.db.savepoint():
            return take(ws, item, own_unit=own_unit, period=period, receiving=receiving)
    except UserError as exc:
        receiving.units_changed()
        receiving.programs_changed()
        return exc
    except Exception as exc:
        return _bug(Path(item.package.name), exc)


def receive_packages(
    ws: Workspace,
    paths: Iterable[Path],
    *,
    own_unit: str | None = None,
    period: Period | None = None,
    progress: Progress | None = None,
) -> list[tuple[Path, Outcome]]:
    """read_packages and store_packages on one thread: the command line's way."""
    arrived = read_packages(paths, progress)
    return store_packages(ws, arrived, own_unit=own_unit, period=period, progress=progress)
