"""Checking any КЕП signature a clerk received, and the list of qualified providers the
checks lean on: one function per use case, for the window and the command line alike."""

from __future__ import annotations

from pathlib import Path

from ctb_desktop.exchange.incoming import read_file
from ctb_desktop.exchange.signature import SignatureCheck, check_signature_file
from ctb_desktop.exchange.trust import import_trust, trust_path


def check_signature(signature_path: Path, document_path: Path | None = None) -> SignatureCheck:
    """Every signature in the file, against the document (or, without one, against the
    document the signature holds itself)."""
    document = read_file(document_path) if document_path is not None else None
    name = document_path.name if document_path is not None else ""
    return check_signature_file(read_file(signature_path), signature_path.name, document, name)


def import_trust_list(path: Path) -> tuple[int, int, Path]:
    """The providers' CA certificates of a .p7b/.cer added to this computer's list: how many
    were added, how many it holds, and where it is kept."""
    added, total = import_trust(read_file(path), path.name)
    return added, total, trust_path()
