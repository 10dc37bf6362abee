"""Settings kept in the database itself, because they belong to the data: whose
database it is (its own unit), where its reports go, how mail leaves it. The command
line reads them as the window does. Passwords never come here (see exchange/sending.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ctb_desktop.domain.errors import UserError
from ctb_desktop.storage.database import Database

SECURITY = ("starttls", "ssl", "none")


class ConfigError(UserError):
    """A setting with a value it cannot take."""


@dataclass(frozen=True)
class SmtpSettings:
    """`security`: "starttls" (port 587), "ssl" (port 465) or "none" (local relays);
    `timeout` in seconds for the server's replies."""

    host: str = ""
    port: int = 587
    security: str = "starttls"
    username: str = ""
    sender: str = ""
    timeout: float = 30

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


# key → Ukrainian description, for `ctb-desktop config` and error messages.
KEYS = {
    "unit": "код власного звітуючого органу цієї бази (див. ctb-desktop units)",
    "recipient": "адреса, на яку надсилаються звіти (вищий орган)",
    "smtp.host": "сервер вихідної пошти (SMTP)",
    "smtp.port": "порт SMTP: 587 для STARTTLS, 465 для SSL",
    "smtp.security": "захист з'єднання: starttls, ssl або none",
    "smtp.login": "ім'я користувача на сервері SMTP",
    "smtp.sender": "адреса відправника",
    "backup.keep": "скільки останніх резервних копій бази зберігати (1–1000, типово 10)",
    "signatory.position": "посада підписанта звітів (коли її не вказано в команді)",
    "signatory.name": "ім'я підписанта звітів: Власне ім'я Прізвище",
}


class Config:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        """Store a value after checking it; an empty value removes the setting."""
        require_key(key)
        value = value.strip()
        _check(key, value, self.db)
        with self.db.transaction() as conn:
            if value:
                conn.execute(
                    "INSERT INTO setting (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            else:
                conn.execute("DELETE FROM setting WHERE key = ?", (key,))

    def items(self) -> dict[str, str]:
        return {key: self.get(key) for key in KEYS}

    @property
    def unit(self) -> str:
        return self.get("unit")

    @property
    def recipient(self) -> str:
        return self.get("recipient")

    @property
    def smtp(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.get("smtp.host"),
            port=int(self.get("smtp.port", "0")) or SmtpSettings.port,
            security=self.get("smtp.security", SmtpSettings.security),
            username=self.get("smtp.login"),
            sender=self.get("smtp.sender"),
        )

    def set_smtp(self, smtp: SmtpSettings) -> None:
        for key, value in (
            ("smtp.host", smtp.host),
            ("smtp.port", str(smtp.port)),
            ("smtp.security", smtp.security),
            ("smtp.login", smtp.username),
            ("smtp.sender", smtp.sender),
        ):
            self.set(key, value)


def require_key(key: str) -> None:
    if key not in KEYS:
        raise ConfigError(f"Невідомий параметр «{key}». Відомі: {', '.join(KEYS)}")


def _check(key: str, value: str, db: Database) -> None:
    if not value:
        return
    if key == "unit":
        known = db.execute("SELECT 1 FROM unit WHERE code = ?", (value,)).fetchone()
        if not known:
            raise ConfigError(f"Звітуючого органу з кодом «{value}» немає в довіднику")
    elif key == "smtp.port" and not (value.isdigit() and 0 < int(value) < 65536):
        raise ConfigError(f"Порт SMTP має бути числом від 1 до 65535, а не «{value}»")
    elif key == "smtp.security" and value not in SECURITY:
        raise ConfigError(f"Захист з'єднання: starttls, ssl або none, а не «{value}»")
    elif key == "backup.keep" and not (value.isdecimal() and 1 <= int(value) <= 1000):
        raise ConfigError(f"Кількість резервних копій: число від 1 до 1000, а не «{value}»")
    elif key in ("recipient", "smtp.sender") and not _looks_like_address(value):
        raise ConfigError(f"«{value}» не схоже на адресу електронної пошти")


def _looks_like_address(value: str) -> bool:
    local, _, domain = value.rpartition("@")
    return bool(local) and "." in domain and not any(c.isspace() for c in value)
