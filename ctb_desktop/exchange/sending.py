"""Sending the outbox over SMTP, with retries for a line that comes and goes.

One run (`send_due`) opens at most one connection, sends every due message over it,
reconnects after a drop, and leaves each message in a definite state: sent, queued
again with a backoff (the network or the server failed for now), or failed (the server
refused it for good; the reason is kept in Ukrainian with the server's own words).

A run is three pieces, so that the database and the line can be on different threads
(a SQLite connection is used only on the thread that opened it): `claim_due` and
`settle`/`release` work the database, `transmit` only the line. `send_due` runs them
one after the other on one thread (the command line); the window claims and settles on
its GUI thread and transmits on a worker (gui/mail_sender.py).

The password lives in the system's password store (Windows Credential Manager, macOS
Keychain, Secret Service on Linux) through `keyring`, never in the database or a file.
"""

from __future__ import annotations

import base64
import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import keyring
import keyring.errors

from ctb_desktop.domain.progress import Progress
from ctb_desktop.exchange.mail import MailError
from ctb_desktop.storage.config import SECURITY, SmtpSettings
from ctb_desktop.storage.outbox import LEASE, Outbox, OutboxItem

KEYRING_SERVICE = "ctb-desktop SMTP"
# The slowest upload we still wait for: a package on a poor mobile line. Python's
# socket timeout bounds a whole sendall(), so a large message needs a longer one.
MIN_UPLOAD_RATE = 8 * 1024  # bytes per second


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    messages: list[str] = field(default_factory=list)
    login_refused: bool = False  # the password (or user name) is wrong

    @property
    def summary(self) -> str:
        return (
            f"Надіслано: {self.sent}; буде повторна спроба: {self.retried}; "
            f"не надіслано: {self.failed}"
        )


def store_password(settings: SmtpSettings, password: str) -> None:
    """Keep the password in the system's password store; an empty one removes it.
    Without a store (a bare Linux machine) this is a MailError: the password is then
    asked for at each sending rather than written anywhere in plain text."""
    store = keyring.get_keyring()
    service, user = _keyring_key(settings)
    try:
        if password:
            store.set_password(service, user, password)
        else:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                store.delete_password(service, user)
    except keyring.errors.NoKeyringError as exc:
        raise MailError(
            "Пароль до пошти не збережено: у системі немає сховища паролів (у Linux — "
            "GNOME Keyring або KWallet, у Windows — диспетчер облікових даних). Пароль "
            "доведеться вводити під час кожного надсилання"
        ) from exc
    except keyring.errors.KeyringError as exc:
        # keyring's own text is English: the clerk reads what happened, the log the rest.
        raise MailError(
            "Не вдалося зберегти пароль до пошти: сховище паролів системи відмовило "
            f"({type(exc).__name__}). Пароль доведеться вводити під час кожного надсилання"
        ) from exc


def load_password(settings: SmtpSettings) -> str | None:
    """The stored password, or None when there is none or no password store at all
    (then the window asks for it)."""
    service, user = _keyring_key(settings)
    try:
        return keyring.get_keyring().get_password(service, user)
    except keyring.errors.KeyringError:
        return None


@dataclass(frozen=True)
class Letter:
    """A message claimed for sending: all the SMTP side needs, read from the database
    beforehand so that side never touches it."""

    item: OutboxItem
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What became of one letter on the line: sent (perhaps with some addresses
    refused), or not, with the reason in Ukrainian and whether to try again later."""

    letter: Letter
    sent: bool
    reason: str = ""
    retry: bool = False
    refused: dict = field(default_factory=dict)
    login_refused: bool = False


def send_due(
    outbox: Outbox, settings: SmtpSettings, password: str | None, now: datetime | None = None
) -> SendResult:
    """Send every message that is due, on this thread: claim_due, then transmit with
    each outcome settled the moment it comes, then release whatever was claimed and
    not settled (the run broke off). The window runs the same pieces with transmit on
    a worker thread (gui/mail_sender.py).

    Exactly once, normally: a message is claimed (queued → sending, committed) before
    its first byte goes out and marked sent in the very next statement after the
    server's "250" to the end of DATA, with nothing in between: the window is one
    small committed UPDATE, milliseconds. Two runs, or two windows, cannot claim the
    same message.

    At least once, when things break in that window: if the app dies (or the database
    cannot be written) after the server accepted the message but before mark_sent
    commits, or the line drops after the server accepted but before its "250" arrives
    here, the message is not known to be sent. It is sent again — after `recover()` at
    the next start, or as a retry — with the same bytes and the same Message-ID, so the
    recipient may get a duplicate that is recognisably the same letter (and the
    package inside is the same revision). Losing a report would be worse.

    If the server cannot be reached or refuses the login, nothing would get through
    this run, so every due message gets that same verdict (queued again with a
    backoff, or failed for a wrong password — `Outbox.requeue` after fixing it).
    Settings that cannot work (no server, no sender, a login without a password) are a
    MailError before anything is claimed.
    """
    letters = claim_due(outbox, settings, password, now)
    result = SendResult()
    settled: set[int] = set()

    def report(outcome: Outcome) -> None:
        settle(outbox, outcome, result, now)
        settled.add(outcome.letter.item.id)

    try:
        transmit(settings, password, letters, report)
    finally:
        release(outbox, [letter for letter in letters if letter.item.id not in settled])
    return result


def claim_due(
    outbox: Outbox, settings: SmtpSettings, password: str | None, now: datetime | None = None
) -> list[Letter]:
    """Database, before the line: the messages due now, each claimed (queued → sending,
    committed) with its bytes. A message another run claimed first is left to it.
    Settings that cannot work are a MailError before anything is claimed."""
    _check(settings, password)
    moment = now if now is not None else datetime.now(UTC)
    outbox.recover(moment)  # letters a killed sender left, their lease expired
    letters = []
    for item in outbox.due(moment):
        # Letters go one after another: each one's lease runs from its turn.
        data = outbox.claim(item.id, moment + LEASE * (len(letters) + 1))
        if data is not None:
            letters.append(Letter(item, data))
    return letters


def transmit(
    settings: SmtpSettings,
    password: str | None,
    letters: list[Letter],
    report: Callable[[Outcome], None],
    progress: Progress | None = None,
) -> None:
    """The line, without the database: send the claimed letters over one connection
    (reopened after a drop) and `report` each one's outcome as soon as it is known. A
    cancelled `progress` stops before the next letter (Cancelled); the letters not
    reported are for the caller to release."""
    progress = progress or Progress()
    progress.start(len(letters))
    link = _Link(settings, password)
    try:
        for index, letter in enumerate(letters):
            progress.step(f"«{letter.item.subject}» → {letter.item.recipient}")
            try:
                smtp = link.open()
            except (smtplib.SMTPException, OSError, UnicodeError) as exc:
                # Nothing will get through this run: the same verdict for every message.
                retry, reason = _connect_failure(exc, settings)
                login_refused = isinstance(exc, smtplib.SMTPAuthenticationError)
                for other in letters[index:]:
                    report(Outcome(other, False, reason, retry, login_refused=login_refused))
                return
            try:
                refused = link.transfer(smtp, _recipients(letter.item), letter.data)
            except (smtplib.SMTPException, OSError, UnicodeError) as exc:
                retry, reason, usable = _send_failure(exc)
                report(Outcome(letter, False, reason, retry))
                if not usable:
                    link.drop()
                continue
            report(Outcome(letter, True, refused=refused))
    finally:
        link.close()


def settle(
    outbox: Outbox, outcome: Outcome, result: SendResult, now: datetime | None = None
) -> None:
    """Database, after the line: mark the letter sent, queued again with a backoff, or
    failed, and count it in `result`."""
    item = outcome.letter.item
    moment = now if now is not None else datetime.now(UTC)
    result.login_refused = result.login_refused or outcome.login_refused
    if outcome.sent:
        outbox.mark_sent(item.id, moment)
        result.sent += 1
        line = f"«{item.subject}» → {item.recipient}: надіслано"
        if outcome.refused:
            line += f", але сервер відхилив адреси: {_refusals(outcome.refused)}"
        result.messages.append(line)
        return
    outbox.mark_failed(item.id, outcome.reason, moment, retry=outcome.retry)
    if outcome.retry:
        result.retried += 1
        result.messages.append(f"«{item.subject}» → {item.recipient}: {outcome.reason}")
    else:
        result.failed += 1
        result.messages.append(
            f"«{item.subject}» → {item.recipient}: не надіслано. {outcome.reason}"
        )


def release(outbox: Outbox, letters: list[Letter]) -> int:
    """Claimed letters whose outcome never came (the run was cancelled or broke on a
    bug) go back to the queue as they were; one the line may have taken is sent again
    at worst, never lost."""
    return outbox.release([letter.item.id for letter in letters])


def _check(settings: SmtpSettings, password: str | None) -> None:
    if not settings.host.strip():
        raise MailError("Не вказано сервер вихідної пошти (SMTP). Заповніть налаштування пошти")
    if settings.security not in SECURITY:
        raise MailError(f"Захист з'єднання: starttls, ssl або none, а не «{settings.security}»")
    if not 0 < settings.port < 65536:
        raise MailError(f"Порт SMTP має бути числом від 1 до 65535, а не «{settings.port}»")
    if not settings.sender.strip():
        raise MailError("Не вказано адресу відправника. Заповніть налаштування пошти")
    if settings.username and not password:
        raise MailError(
            f"Не введено пароль до поштової скриньки «{settings.username}». "
            "Введіть його в налаштуваннях пошти"
        )


def _keyring_key(settings: SmtpSettings) -> tuple[str, str]:
    """One password per server and login, so changing the port or the security keeps it."""
    service = f"{KEYRING_SERVICE} {settings.host.strip().lower()}"
    return service, settings.username or settings.sender


class _Link:
    """The run's one SMTP connection: opened on first use, checked before reuse,
    reopened after a drop."""

    def __init__(self, settings: SmtpSettings, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        if self.smtp is not None:
            try:
                alive = self.smtp.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if alive:
                return self.smtp
            self.drop()
        self.smtp = _connect(self.settings, self.password)
        return self.smtp

    def transfer(self, smtp: smtplib.SMTP, recipients: list[str], data: bytes) -> dict:
        """sendmail with a timeout that leaves time for the upload itself."""
        if smtp.sock is not None:
            smtp.sock.settimeout(self.settings.timeout + len(data) / MIN_UPLOAD_RATE)
        try:
            return smtp.sendmail(self.settings.sender, recipients, data)
        finally:
            if smtp.sock is not None:
                smtp.sock.settimeout(self.settings.timeout)

    def drop(self) -> None:
        """Forget a broken connection without the QUIT that would wait on it."""
        if self.smtp is not None:
            with contextlib.suppress(OSError):
                self.smtp.close()
            self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.drop()


def _connect(settings: SmtpSettings, password: str | None) -> smtplib.SMTP:
    # The local name is given: smtplib would otherwise ask DNS (socket.getfqdn).
    local = _local_hostname()
    context = ssl.create_default_context()
    if settings.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            local_hostname=local,
            timeout=settings.timeout,
            context=context,
        )
    else:
        smtp = smtplib.SMTP(
            settings.host, settings.port, local_hostname=local, timeout=settings.timeout
        )
    try:
        smtp.ehlo()
        if settings.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.username:
            _login(smtp, settings.username, password or "")
    except BaseException:
        with contextlib.suppress(OSError):
            smtp.close()
        raise
    return smtp


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib sends credentials as ASCII only; a Cyrillic password goes as UTF-8 in
    AUTH PLAIN (RFC 4616), which is what mail programs do."""
    if (username + password).isascii():
        smtp.login(username, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPException(
            "сервер не приймає паролів з літерами не латиницею; змініть пароль"
        )
    token = b"\0" + username.encode("utf-8") + b"\0" + password.encode("utf-8")
    encoded = base64.b64encode(token).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + encoded)
    if code == 334:  # a server that wants the credentials on a line of their own
        code, reply = smtp.docmd(encoded)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*")


def _local_hostname() -> str:
    """The computer's name for EHLO, unless it is not a valid host name (a Cyrillic
    Windows computer name, say)."""
    name = socket.gethostname()
    return name if len(name) < 64 and _HOSTNAME.fullmatch(name) else "localhost"


def _recipients(item: OutboxItem) -> list[str]:
    return [address.strip() for address in item.recipient.split(",") if address.strip()]


def _connect_failure(exc: BaseException, settings: SmtpSettings) -> tuple[bool, str]:
    """(retry, reason) for a failure before any message went out."""
    where = f"{settings.host}:{settings.port}"
    unreachable = f"Поштовий сервер {where} недоступний"
    retry = True
    if isinstance(exc, smtplib.SMTPAuthenticationError) and exc.smtp_code >= 500:
        retry = False
        reason = (
            f"Сервер {where} не прийняв ім'я користувача або пароль ({_server(exc)}). "
            "Перевірте їх у налаштуваннях пошти"
        )
    elif isinstance(exc, smtplib.SMTPResponseException):
        retry = exc.smtp_code < 500
        verdict = "тимчасово не приймає пошту" if retry else "відмовився обслуговувати з'єднання"
        reason = f"Сервер {where} {verdict} ({_server(exc)})"
    elif isinstance(exc, smtplib.SMTPNotSupportedError):
        what = "STARTTLS" if "STARTTLS" in str(exc) else "вхід за паролем (AUTH)"
        retry = False
        reason = (
            f"Сервер {where} не підтримує {what}. Перевірте захист з'єднання "
            "та ім'я користувача в налаштуваннях пошти"
        )
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        reason = f"{unreachable}: він розірвав з'єднання"
    elif isinstance(exc, smtplib.SMTPException):
        retry, reason = False, f"Не вдалося увійти на сервер {where} ({exc})"
    elif isinstance(exc, ConnectionRefusedError):
        reason = (
            f"{unreachable}: з'єднання відхилено. Перевірте підключення до Інтернету "
            "та налаштування сервера"
        )
    elif isinstance(exc, socket.gaierror):
        reason = (
            f"Поштовий сервер {settings.host} недоступний: не вдалося знайти його адресу "
            "(немає Інтернету або назву сервера вказано з помилкою)"
        )
    elif isinstance(exc, TimeoutError):
        reason = f"{unreachable}: немає відповіді за {settings.timeout:g} с"
    elif isinstance(exc, ssl.SSLCertVerificationError):
        reason = (
            f"Не вдалося перевірити сертифікат поштового сервера {where} "
            f"({exc.verify_message}): захищене з'єднання не встановлено"
        )
    elif isinstance(exc, ssl.SSLError):
        reason = (
            f"Не вдалося встановити захищене з'єднання з поштовим сервером {where} ({exc}). "
            "Перевірте захист з'єднання й порт у налаштуваннях пошти"
        )
    elif isinstance(exc, UnicodeError):
        retry = False
        reason = (
            f"Назва сервера {settings.host} або ім'я користувача містить символи, "
            "яких сервер не приймає"
        )
    else:
        reason = f"{unreachable}: {getattr(exc, 'strerror', None) or exc}"
    return retry, f"{reason}. {_LATER}" if retry else reason


def _send_failure(exc: BaseException) -> tuple[bool, str, bool]:
    """(retry, reason, connection still usable) for a failure while sending a message."""
    retry, usable = True, False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        usable = True
        retry = all(code < 500 for code, _ in exc.recipients.values())
        verdict = "тимчасово не прийняв" if retry else "відхилив"
        reason = f"Сервер {verdict} адресу одержувача: {_refusals(exc.recipients)}"
    elif isinstance(exc, smtplib.SMTPResponseException):
        # After a refused MAIL or DATA smtplib resets the session; 421 means it is closing.
        usable = exc.smtp_code != 421 and isinstance(
            exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError
        )
        retry = exc.smtp_code < 500
        if retry:
            reason = f"Сервер тимчасово не прийняв лист ({_server(exc)})"
        elif exc.smtp_code == 552:
            reason = (
                "Сервер не прийняв лист через його розмір або переповнену скриньку "
                f"одержувача ({_server(exc)})"
            )
        elif isinstance(exc, smtplib.SMTPSenderRefused):
            reason = (
                f"Сервер не прийняв адресу відправника {exc.sender} ({_server(exc)}). "
                "Перевірте її в налаштуваннях пошти"
            )
        else:
            reason = f"Сервер відмовився прийняти лист ({_server(exc)})"
    elif isinstance(exc, UnicodeError):
        retry, usable = False, True
        reason = (
            "Адреса відправника або одержувача містить символи, яких сервер не приймає "
            "(наприклад, кирилицю)"
        )
    elif isinstance(exc, TimeoutError):
        reason = "Поштовий сервер не відповів вчасно під час надсилання"
    elif isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
        exc, smtplib.SMTPException
    ):
        reason = "З'єднання з поштовим сервером обірвалося під час надсилання"
    else:
        retry, reason = False, f"Помилка пошти: {exc}"
    return retry, f"{reason}. {_LATER}" if retry else reason, usable


_LATER = "Буде повторна спроба пізніше"


def _server(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_decoded(exc.smtp_error)}".strip()


def _refusals(refused: dict) -> str:
    return "; ".join(
        f"{address} — {code} {_decoded(text)}".strip() for address, (code, text) in refused.items()
    )


def _decoded(text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(text.split())
