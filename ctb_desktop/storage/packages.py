"""Packages a unit sent upward and packages received from the units below.

Sent packages are remembered by their data hash, so exporting unchanged data again
gives the same revision (and the same bytes), and changed data the next revision.
Received packages are kept whole, every revision, for the history and for comparing
revisions; the newest revision is the one whose entries are in the database.
"""

from __future__ import annotations

import json
from dataclasses import astuple, dataclass
from datetime import datetime
from typing import Any

from ctb_desktop.domain.periods import Period, PeriodKind
from ctb_desktop.storage.database import (
    Database,
    DatabaseError,
    inserted_id,
    stored_moment,
    utc_text,
)
from ctb_desktop.storage.units import UnitStore

REVIEWS = {"new": "не розглянуто", "accepted": "прийнято", "returned": "повернуто на доопрацювання"}


@dataclass(frozen=True)
class SentRevision:
    revision: int
    data_hash: str
    created_at: str


class SentPackages:
    def __init__(self, db: Database) -> None:
        self.db = db

    def latest(self, program_id: int, unit_code: str, period: Period) -> SentRevision | None:
        row = self.db.execute(
            """SELECT s.revision, s.data_hash, s.created_at FROM sent_package s
               JOIN unit u ON u.id = s.unit_id
               WHERE s.program_id = ? AND u.code = ? AND s.year = ? AND s.period = ?
               ORDER BY s.revision DESC LIMIT 1""",
            (program_id, unit_code, period.year, period.kind.value),
        ).fetchone()
        return SentRevision(*row) if row else None

    def add(self, program_id: int, unit_code: str, period: Period, sent: SentRevision) -> None:
        unit_id = UnitStore(self.db).require_ids({unit_code})[unit_code]
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO sent_package (program_id, unit_id, year, period, revision,
                   data_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (program_id, unit_id, period.year, period.kind.value, *astuple(sent)),
            )


@dataclass
class ReceivedPackage:
    """One stored revision; `content` (the package bytes) is loaded only on request."""

    id: int
    program_id: int
    unit_code: str
    period: Period
    revision: int
    file_name: str
    manifest: dict[str, Any]
    received_at: datetime
    signature: dict[str, Any] | None
    review: str
    review_comment: str

    @property
    def review_title(self) -> str:
        return REVIEWS[self.review]

    @property
    def created_at(self) -> str:
        return str(self.manifest.get("created_at", ""))


_COLUMNS = """r.id, r.program_id, u.code, r.year, r.period, r.revision, r.file_name, r.manifest,
    r.received_at, r.signature, r.review, r.review_comment"""


def _received(row: tuple) -> ReceivedPackage:
    (rid, program_id, unit, year, period, revision, name, manifest, at, signature) = row[:10]
    return ReceivedPackage(
        rid,
        program_id,
        unit,
        Period(year, PeriodKind(period)),
        revision,
        name,
        json.loads(manifest),
        stored_moment(at),
        json.loads(signature) if signature else None,
        row[10],
        row[11],
    )


class ReceivedPackages:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        program_id: int,
        period: Period,
        package: dict[str, Any],
        *,
        received_at: datetime,
    ) -> int:
        """`package`: unit (code), revision, file_name, content, manifest, signature."""
        unit_id = UnitStore(self.db).require_ids({package["unit"]})[package["unit"]]
        with self.db.transaction() as conn:
            cursor = conn.execute(
                """INSERT INTO received_package (program_id, unit_id, year, period, revision,
                   file_name, content, manifest, received_at, signature)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    program_id,
                    unit_id,
                    period.year,
                    period.kind.value,
                    package["revision"],
                    package["file_name"],
                    package["content"],
                    json.dumps(package["manifest"], ensure_ascii=False, sort_keys=True),
                    utc_text(received_at),
                    json.dumps(package["signature"], ensure_ascii=False)
                    if package["signature"]
                    else None,
                ),
            )
            return inserted_id(cursor)

    def list(
        self, program_id: int, period: Period | None = None, unit_code: str | None = None
    ) -> list[ReceivedPackage]:
        """Revisions, by unit then newest first."""
        sql = f"""SELECT {_COLUMNS} FROM received_package r JOIN unit u ON u.id = r.unit_id
                  WHERE r.program_id = ?"""
        parameters: list[Any] = [program_id]
        if period is not None:
            sql += " AND r.year = ? AND r.period = ?"
            parameters += [period.year, period.kind.value]
        if unit_code is not None:
            sql += " AND u.code = ?"
            parameters.append(unit_code)
        sql += " ORDER BY u.position, r.year, r.period, r.revision DESC"
        return [_received(row) for row in self.db.execute(sql, tuple(parameters))]

    def get(self, package_id: int) -> ReceivedPackage:
        row = self.db.execute(
            f"""SELECT {_COLUMNS} FROM received_package r JOIN unit u ON u.id = r.unit_id
                WHERE r.id = ?""",
            (package_id,),
        ).fetchone()
        if row is None:
            raise DatabaseError(f"Отриманого пакета №{package_id} немає в базі «{self.db.path}»")
        return _received(row)

    def content(self, package_id: int) -> bytes:
        self.get(package_id)
        return bytes(
            self.db.execute(
                "SELECT content FROM received_package WHERE id = ?", (package_id,)
            ).fetchone()[0]
        )

    def sign(self, package_id: int, content: bytes, signature: dict[str, Any]) -> None:
        """The same revision received again with a signature attached."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE received_package SET content = ?, signature = ? WHERE id = ?",
                (content, json.dumps(signature, ensure_ascii=False), package_id),
            )

    def set_review(self, package_id: int, review: str, comment: str = "") -> None:
        if review not in REVIEWS:
            raise DatabaseError(f"Невідомий стан розгляду «{review}»")
        self.get(package_id)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE received_package SET review = ?, review_comment = ? WHERE id = ?",
                (review, comment.strip(), package_id),
            )
