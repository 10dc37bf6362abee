"""Whether a file lies where SQLite's write-ahead log is unsafe: a network share (a
mapped drive, a UNC path, NFS or SMB on Linux) or a folder a sync client copies behind
the app's back (OneDrive, Dropbox, Google Drive, iCloud). WAL needs shared memory that
every process sees, which a network file system does not give, and a sync client may
copy the database without its -wal file; storage/database.py uses the rollback journal
for such a file instead.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

# Linux file systems that live on another machine.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ncpfs", "9p", "ceph", "glusterfs",
        "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.glusterfs", "fuse.davfs2",
    }
)  # fmt: skip
# Folder names sync clients make, case-folded: "OneDrive - Смілянська РДА" starts with one.
_CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "мій диск": "Google Drive",
    "icloud drive": "iCloud",
    "iclouddrive": "iCloud",
    "yandex.disk": "Яндекс.Диск",
}
# Where Windows says the user's OneDrive folders are.
_ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
DRIVE_REMOTE = 4
MOUNTS = Path("/proc/self/mounts")

if sys.platform == "win32":
    import ctypes

    _kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)
else:
    _kernel32 = None


def shared_location(path: Path | str) -> str:
    """Where the file is, in words for a sentence «… лежить у {}», when that place is a
    network share or a synced folder; "" for an ordinary local folder."""
    absolute = _paths().abspath(path)
    cloud = _cloud_folder(absolute)
    if cloud:
        return f"папці {cloud}, яку синхронізує хмарний сервіс"
    if _on_network(absolute):
        return "мережевій папці"
    return ""


def _cloud_folder(absolute: str) -> str:
    for variable in _ONEDRIVE_VARIABLES:
        root = os.environ.get(variable)
        if root and _inside(absolute, root):
            return "OneDrive"
    pure: type[PurePath] = PureWindowsPath if _windows() else PurePosixPath
    for part in pure(absolute).parts:
        folded = part.casefold()
        for start, name in _CLOUD_FOLDERS.items():
            if folded == start or folded.startswith(f"{start} "):
                return name
    return ""


def _windows() -> bool:
    return sys.platform == "win32"


def _paths() -> Any:
    """os.path of the system the app runs on (a test may pretend to be Windows)."""
    return ntpath if _windows() else posixpath


def _inside(path: str, folder: str) -> bool:
    paths = _paths()
    path, folder = paths.normcase(path), paths.normcase(paths.abspath(folder))
    return path == folder or path.startswith(folder.rstrip("\\/") + paths.sep)


def _on_network(absolute: str) -> bool:
    if _windows():
        return _windows_remote(absolute)
    return _mount_type(absolute) in NETWORK_FILESYSTEMS


def _windows_remote(absolute: str) -> bool:
    """A UNC path (\\\\server\\share\\…) or a drive Windows calls remote (a mapped one)."""
    if absolute.startswith(("\\\\", "//")) and not absolute.startswith(("\\\\?\\", "\\\\.\\")):
        return True
    drive = ntpath.splitdrive(absolute)[0]
    if not drive or _kernel32 is None:
        return False
    return bool(_kernel32.GetDriveTypeW(f"{drive}\\") == DRIVE_REMOTE)


def _mount_type(absolute: str) -> str:
    """The file system type of the mount holding `absolute` (Linux); "" when unknown."""
    try:
        lines = MOUNTS.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    real = os.path.realpath(absolute)
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        if _inside(real, point) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def _unescape(field: str) -> str:
    r"""/proc/mounts writes a space as \040, a tab as \011, a backslash as \134."""
    for code, character in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, character)
    return field
