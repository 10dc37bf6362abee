"""Reading and verifying the КЕП signature of a report: who signed it, when, and whether it
fits the document.

Clerks sign `report.docx` in their own signing tool (Дія, ІІТ «Користувач ЦСК» and the like),
which writes a CMS/PKCS#7 `.p7s` or an ASiC-E `.asice` container; the app keeps the signature
beside the package. For every signature in the file the app checks the document's digest
(SHA-1/2/3, ДСТУ ГОСТ 34.311-95, ДСТУ 7564 «Купина»), the signature value with the
certificate's key (RSA, ECDSA, ДСТУ 4145-2002 in polynomial basis), the certificate's validity
at the signing time and the timestamps inside; the chain to a qualified provider only when
the user imported the providers' list (exchange/trust.py). `notes` say what was and was not
checked. XAdES signature values are not checked (no XML canonicalisation here).
"""

from __future__ import annotations

from typing import Literal

from ctb_desktop.exchange.signature_asic import LIMITS, check_asic
from ctb_desktop.exchange.signature_certificate import nfc, utc_now
from ctb_desktop.exchange.signature_cms import (
    Context,
    Trust,
    check_cms,
    cms_der,
    embedded_content,
    not_signature,
    read_signed_data,
)
from ctb_desktop.exchange.signature_result import SignatureCheck, SignatureError
from ctb_desktop.exchange.trust import load_trust

__all__ = ["NOTE_CHAIN", "SignatureCheck", "SignatureError", "check_signature_file"]

NOTE_CHAIN = (
    "Ланцюжок сертифіката до кваліфікованого надавача (КНЕДП/АЦСК) і його відкликання тут не "
    "перевірялися: список сертифікатів надавачів не імпортовано (ctb-desktop signature "
    "trust-import)."
)


def check_signature_file(
    signature: bytes,
    signature_name: str,
    document: bytes | None,
    document_name: str = "report.docx",
    trust: Trust | Literal["saved"] | None = "saved",
) -> SignatureCheck:
    """Read a .p7s (DER, PEM or Base64) or an ASiC-E container and check every signature in
    it against `document`; with None, against the document the signature holds itself.
    `trust`: the providers' list; by default the one imported on this computer, if any."""
    if trust == "saved":
        trust = load_trust()
    if not signature.strip():
        raise not_signature(signature_name, "файл порожній")
    if len(signature) > LIMITS["file"]:
        limit = LIMITS["file"] // (1024 * 1024)
        raise not_signature(signature_name, f"файл завеликий (понад {limit} МБ)")
    context = Context(
        signature_name, utc_now(), trust, list(trust.certificates) if trust is not None else []
    )
    if signature.startswith(b"PK"):
        check = check_asic(signature, document, nfc(document_name), context)
    else:
        check = _check_p7s(
            read_signed_data(cms_der(signature, signature_name), signature_name), document, context
        )
    if trust is None:
        check.notes.append(NOTE_CHAIN)
    return check


def _check_p7s(signed_data, document: bytes | None, context: Context) -> SignatureCheck:
    content = embedded_content(signed_data)
    if content is None:
        return check_cms(signed_data, document, "документа", context)
    check = check_cms(signed_data, content, "вкладеного документа", context)
    if document is None:
        check.notes.append("Документ вкладено в сам підпис; перевірено його.")
    elif content == document:
        check.notes.append("Документ вкладено в сам підпис; він збігається з документом звіту.")
    else:
        check.notes.append("Документ вкладено в сам підпис; він ВІДРІЗНЯЄТЬСЯ від документа звіту.")
        for one in (check, *check.others):
            one.digest_matches, one.digest_checked = False, True
    return check
