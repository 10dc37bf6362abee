"""What the check of a КЕП signature found, one record a signer: who signed, when, with what,
and each thing checked — the document's digest, the signature value, the certificate at the
signing time, the timestamps — with `notes` for the rest. Stored as JSON beside a received
package, so old records (without the newer fields) still read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from ctb_desktop.domain.errors import UserError

VALID = "Підпис відповідає документу"
# What failed → (the verdict, the reason a signature is refused), in the order reported.
FAILURES = (
    ("Підпис недійсний для цього документа!", "значення підпису не відповідає ключу сертифіката"),
    (
        "Документ змінено після підписання!",
        "це підпис іншого документа (або документ змінено після підписання)",
    ),
    (
        "Підпис зроблено поза строком дії сертифіката!",
        "підпис зроблено поза строком дії сертифіката підписувача",
    ),
    ("Позначка часу в підписі недійсна!", "позначка часу в підписі недійсна"),
    (
        "Сертифікат не видано надавачем зі списку довірених!",
        "сертифікат підписувача не видано надавачем зі списку довірених",
    ),
)
NO_CERTIFICATE = "у підписі немає сертифіката підписувача, тож підпис не перевірити"
_NO_NAME = {False: "невідомий (сертифіката немає)", True: "у сертифікаті не названо"}


class SignatureError(UserError):
    """The file is not a КЕП signature at all, or cannot be read; the message names it."""


@dataclass
class SignatureCheck:
    """One signature and what of it was checked; `others` are the further signatures of the
    same file (a CMS with several signers, an ASiC-E with several signature files)."""

    signer_name: str
    organisation: str = ""
    position: str = ""
    tax_number: str = ""  # РНОКПП of the signer
    edrpou: str = ""  # ЄДРПОУ of the organisation
    certificate_serial: str = ""
    issuer: str = ""
    signing_time: datetime | None = None
    time_source: str = ""  # where signing_time comes from, in words
    digest_algorithm: str = ""
    signature_algorithm: str = ""
    digest_checked: bool = False
    digest_matches: bool | None = None
    signature_checked: bool = False
    signature_valid: bool | None = None
    certificate_valid: bool | None = None  # at the signing time
    timestamps_valid: bool | None = None  # None: no timestamps, or none could be checked
    chain_checked: bool = False  # against the imported list of qualified providers
    chain_valid: bool | None = None
    provider: str = ""  # the qualified provider the chain leads to, when it was checked
    problem: str = ""  # why the signature is not verified, when it is not
    notes: list[str] = field(default_factory=list)
    others: list[SignatureCheck] = field(default_factory=list)

    @property
    def own_ok(self) -> bool | None:
        """This signature alone: False when anything failed, True when the document's digest,
        the signature value and the certificate at the signing time all hold, else None."""
        checks = (
            self.digest_matches,
            self.signature_valid,
            self.certificate_valid,
            self.chain_valid,
        )
        if False in checks or self.timestamps_valid is False:
            return False
        if self.digest_matches and self.signature_valid:
            return True
        return None

    @property
    def ok(self) -> bool | None:
        """Every signature of the file together: any failure fails, any unchecked one leaves
        the whole unchecked."""
        results = [self.own_ok] + [other.own_ok for other in self.others]
        return False if False in results else None if None in results else True

    def _failure(self) -> int | None:
        """Which of FAILURES this signature has, first first; None when none."""
        failed = (
            self.signature_valid,
            self.digest_matches,
            self.certificate_valid,
            self.timestamps_valid,
            self.chain_valid,
        )
        return failed.index(False) if False in failed else None

    def _chain_words(self) -> str:
        if self.provider:
            return f"; надавач — {self.provider}"
        if self.chain_checked:
            return "; надавача немає у списку довірених"
        return " (ланцюжок сертифіката не перевірено)"

    @property
    def own_verdict(self) -> str:
        failure = self._failure()
        if failure is not None:
            return FAILURES[failure][0]
        if self.own_ok:
            return f"{VALID}{self._chain_words()}"
        if self.problem:
            return f"Не перевірено: {self.problem}"
        # Records stored before the reasons were kept.
        if self.digest_algorithm and not self.digest_checked:
            return f"Відповідність документу не перевірено (алгоритм {self.digest_algorithm})"
        return "Відповідність документу не перевірено"

    @property
    def verdict(self) -> str:
        """One line for a table cell: the whole file's verdict."""
        if not self.others:
            return self.own_verdict
        everyone = [self, *self.others]
        if self.ok:
            return f"Усі підписи ({len(everyone)}) відповідають документу"
        worst = next(c for c in everyone if c.own_ok is (False if self.ok is False else None))
        return f"{worst.own_verdict} ({worst.signer_name or 'підписувач невідомий'})"

    def refusal(self) -> str | None:
        """Why this signature must not be attached to a report, or None when it may be."""
        for check in (self, *self.others):
            if check.own_ok:
                continue
            if check.digest_matches is False:
                return FAILURES[1][1]
            if not check.certificate_serial:
                return NO_CERTIFICATE
            failure = check._failure()
            if failure is not None:
                return FAILURES[failure][1]
            return f"програма не може перевірити цей підпис: {check.problem or 'причина невідома'}"
        return None

    def lines(self) -> list[str]:
        """What `signature check`, `package show` and `package sign-attach` print."""
        out: list[str] = []
        for number, check in enumerate((self, *self.others), 1):
            if self.others:
                out.append(f"Підпис {number}:")
            out += check._own_lines()
        if self.others:
            out.append(f"Разом: {self.verdict}")
        return out

    def _own_lines(self) -> list[str]:
        time = ""
        if self.signing_time:
            time = f"{self.signing_time:%d.%m.%Y %H:%M:%S %Z}".strip()
            time += f" ({self.time_source})" if self.time_source else ""
        algorithms = ", ".join(filter(None, (self.signature_algorithm, self.digest_algorithm)))
        rows = {
            "Підписувач": self.signer_name or _NO_NAME[bool(self.certificate_serial)],
            "РНОКПП": self.tax_number,
            "ЄДРПОУ": self.edrpou,
            "Організація": self.organisation,
            "Посада": self.position,
            "Сертифікат": self.certificate_serial,
            "Видавець": self.issuer,
            "Час підписання": time,
            "Алгоритми": algorithms,
            "Надавач": self.provider,
            "Результат": self.own_verdict if self.others else "",
        }
        lines = [f"  {label}: {value}" for label, value in rows.items() if value]
        return lines + [f"  • {note}" for note in self.notes]

    def summary_dict(self) -> dict[str, Any]:
        """A JSON-safe record, stored beside a received package."""
        data = asdict(self)
        data["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        data["others"] = [other.summary_dict() for other in self.others]
        return data

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> SignatureCheck:
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values.setdefault("signer_name", "")
        if values.get("signing_time"):
            values["signing_time"] = datetime.fromisoformat(values["signing_time"])
        values["notes"] = list(values.get("notes") or [])
        values["others"] = [cls.from_summary(other) for other in values.get("others") or []]
        return cls(**values)


def combine(checks: list[SignatureCheck]) -> SignatureCheck:
    """The first signature with the rest as its `others`."""
    first = checks[0]
    first.others = checks[1:]
    return first
