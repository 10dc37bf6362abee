"""What the operating system said when a file or a connection failed, in Ukrainian.

Python's OSError carries the system's English text ("File name too long", "Is a
directory", "Device or resource busy"); a Ukrainian message quotes `os_reason(exc)`
instead, the one place where an error number becomes words.
"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "файлу чи папки не існує",
    errno.EACCES: "немає дозволу на доступ",
    errno.EPERM: "операцію заборонено системою",
    errno.ENOSPC: "на диску закінчилося місце",
    errno.EROFS: "диск чи папка доступні лише для читання",
    errno.ENAMETOOLONG: "назва файлу задовга (допустимо до 255 байтів, тобто близько 120 "
    "українських літер)",
    errno.EISDIR: "це папка, а не файл",
    errno.ENOTDIR: "частина шляху не є папкою",
    errno.EBUSY: "файл чи пристрій зайнятий іншою програмою",
    errno.EEXIST: "файл уже існує",
    errno.EINVAL: "недопустима назва файлу чи шляху",
    errno.EMFILE: "відкрито забагато файлів",
    errno.EFBIG: "файл завеликий для цього диска",
    errno.EIO: "помилка читання чи запису диска",
    errno.EXDEV: "файл не можна перемістити на інший диск",
    errno.ELOOP: "забагато посилань у шляху (посилання вказує саме на себе?)",
    errno.ECONNREFUSED: "з'єднання відхилено",
    errno.ECONNRESET: "з'єднання розірвано",
    errno.ETIMEDOUT: "час очікування минув",
    errno.ENETUNREACH: "мережа недоступна",
    errno.EHOSTUNREACH: "сервер недоступний",
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _REASONS[errno.EDQUOT] = "вичерпано дозволений вам обсяг диска"


def os_reason(exc: BaseException) -> str:
    """The reason of a failed system call in Ukrainian words, never the system's
    English; an error number without words here is named by its symbol (ENXIO)."""
    number = getattr(exc, "errno", None)
    if number in _REASONS:
        return _REASONS[number]
    if isinstance(exc, FileNotFoundError):
        return _REASONS[errno.ENOENT]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    if isinstance(exc, TimeoutError):
        return _REASONS[errno.ETIMEDOUT]
    if isinstance(number, int):
        return f"системна помилка {errno.errorcode.get(number, number)}"
    return "системна помилка"
