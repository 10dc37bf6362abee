"""The receiving unit's side: accept or return a received revision, compare two
revisions field by field, and the consolidated report with the units below."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ctb_desktop.domain.comparison import Difference, compare_entries
from ctb_desktop.domain.errors import UserError
from ctb_desktop.domain.periods import Period
from ctb_desktop.domain.progress import Progress
from ctb_desktop.exchange.consolidate import consolidate
from ctb_desktop.exchange.mail import write_eml
from ctb_desktop.exchange.package import read
from ctb_desktop.exchange.replies import return_letter
from ctb_desktop.operations.results import Saved
from ctb_desktop.reports.context import ReportOptions
from ctb_desktop.reports.render import check_output, save
from ctb_desktop.storage.packages import ReceivedPackage
from ctb_desktop.storage.workspace import Workspace

ACCEPTED, RETURNED = "accepted", "returned"


def review_package(
    ws: Workspace, package_id: int, review: str, comment: str = "", eml: Path | None = None
) -> EmailMessage | None:
    """Mark a received revision accepted or returned; a return must say why, and
    gives the reply letter to the sender (saved as a draft at `eml` when given). One
    step: a letter that cannot be built (a sender's address that is not one) or saved
    leaves the review as it was."""
    if review == RETURNED and not comment.strip():
        raise UserError(
            "Повертаючи звіт на доопрацювання, вкажіть причину: що саме доопрацювати "
            "(--comment ТЕКСТ)"
        )
    with ws.db.transaction():
        ws.received.set_review(package_id, review, comment)
        letter = return_letter(ws, package_id) if review == RETURNED else None
        if letter is not None and eml is not None:
            write_eml(letter, eml)
    return letter


@dataclass(frozen=True)
class Comparison:
    old: ReceivedPackage
    new: ReceivedPackage
    differences: list[Difference]


def compare_revisions(ws: Workspace, old_id: int, new_id: int) -> Comparison:
    """Two stored revisions read again and compared, field by field."""
    old, new = ws.received.get(old_id), ws.received.get(new_id)
    before, after = (
        read(ws.received.content(package.id), package.file_name).entries() for package in (old, new)
    )
    return Comparison(old, new, compare_entries(before, after))


def consolidate_report(
    ws: Workspace,
    program_id: int,
    period: Period,
    unit_code: str | None,
    options: ReportOptions,
    output: Path,
    progress: Progress | None = None,
    *,
    accepted_only: bool = False,
) -> Saved:
    """The unit's report with the newest revision (or the newest accepted one) from
    every unit below it; the warnings name the units whose reports have not come and
    the revisions used while returned or unsigned."""
    check_output(output)
    result = consolidate(
        ws, program_id, period, unit_code, options, progress, accepted_only=accepted_only
    )
    save(result.report, output)
    return Saved(output, result.layout, result.warnings)
