"""The optional list of qualified providers' CA certificates (the .p7b / .cer files the
Central Certification Authority publishes), imported by the user once on this computer.
With it the chain from a signer's certificate to a listed CA is checked offline — the CA's
signature on the certificate and the CA certificate's validity at the signing time — and the
verdict names the provider. Revocation (CRL/OCSP) needs the network and is not checked."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import cms, core, pem, x509

from ctb_desktop.domain.errors import UserError
from ctb_desktop.exchange.signature_certificate import (
    ASN1_ERRORS,
    Unverifiable,
    issuer_name,
    verify_issued_by,
)
from ctb_desktop.exchange.signature_result import SignatureCheck
from ctb_desktop.storage.atomic import write_atomically
from ctb_desktop.storage.locations import data_dir

TRUST_FILE = "trusted-providers.p7b"
MAX_TRUST_FILE = 32 * 1024 * 1024


class TrustError(UserError):
    """A file that holds no certificates; the message names it."""


@dataclass
class TrustList:
    certificates: list[x509.Certificate]

    def judge(self, check: SignatureCheck, certificate: x509.Certificate, at: datetime) -> None:
        """The chain from `certificate` up to a listed CA, checked at the time `at`."""
        check.chain_checked = True
        issuers = [ca for ca in self.certificates if ca.subject == certificate.issuer]
        if not issuers:
            check.problem = (
                check.problem or "надавача, що видав сертифікат, немає у списку довірених"
            )
            check.notes.append(
                f"Надавача «{issuer_name(certificate)}» немає в імпортованому списку "
                "кваліфікованих надавачів: ланцюжок не підтверджено."
            )
            return
        for ca in issuers:
            try:
                if not verify_issued_by(certificate, ca):
                    continue
            except Unverifiable as error:
                check.notes.append(f"Підпис надавача на сертифікаті не перевірено: {error}.")
                return
            validity = ca["tbs_certificate"]["validity"]
            if not validity["not_before"].native <= at <= validity["not_after"].native:
                check.chain_valid = False
                check.notes.append("Сертифікат надавача не був чинним на час підписання.")
                return
            check.chain_valid = True
            check.provider = provider_name(ca)
            check.notes.append(f"Сертифікат видано кваліфікованим надавачем «{check.provider}».")
            return
        check.chain_valid = False
        check.notes.append(
            f"Підпис надавача «{issuer_name(certificate)}» на сертифікаті НЕ відповідає його "
            "сертифікату зі списку довірених."
        )


def provider_name(ca: x509.Certificate) -> str:
    subject = ca.subject.native
    return str(subject.get("organization_name") or subject.get("common_name") or "")


def read_certificates(data: bytes, name: str) -> list[x509.Certificate]:
    """Certificates from a .p7b (certs-only CMS) or .cer/.crt (one certificate), DER, PEM
    or bare Base64."""
    blobs = [data]
    text = data.removeprefix(b"\xef\xbb\xbf").strip()
    if pem.detect(text):
        blobs = [der for _kind, _headers, der in pem.unarmor(text, multiple=True)]
    elif text[:1] != b"\x30":
        try:
            blobs = [base64.b64decode(b"".join(text.split()), validate=True)]
        except (ValueError, binascii.Error) as error:
            raise _not_certificates(name) from error
    found: list[x509.Certificate] = []
    try:
        for der in blobs:
            found += _certificates_in(der)
    except ASN1_ERRORS as error:
        raise _not_certificates(name) from error
    if not found:
        raise _not_certificates(name)
    return found


def _certificates_in(der: bytes) -> list[x509.Certificate]:
    """A certs-only CMS starts with its content type's OID; a certificate with a SEQUENCE."""
    first = core.Sequence.load(der)[0]
    if isinstance(first, core.ObjectIdentifier) or first.tag == 6:
        signed = cms.ContentInfo.load(der)["content"]
        return [c.chosen for c in signed["certificates"] or () if c.name == "certificate"]
    certificate = x509.Certificate.load(der)
    _ = certificate.subject.native  # parse now: a broken certificate fails here
    return [certificate]


def _not_certificates(name: str) -> TrustError:
    return TrustError(
        f"Файл «{name}» не є списком сертифікатів надавачів (.p7b) чи сертифікатом (.cer)"
    )


def trust_path() -> Path:
    return data_dir() / TRUST_FILE


def load_trust() -> TrustList | None:
    """The imported list, or None when the user has not imported one (or it is unreadable)."""
    path = trust_path()
    if not path.is_file():
        return None
    try:
        return TrustList(read_certificates(path.read_bytes(), path.name))
    except (OSError, TrustError):
        return None


def import_trust(data: bytes, name: str) -> tuple[int, int]:
    """Add the certificates of a .p7b/.cer to the list kept in the data folder; returns how
    many were added and how many the list holds now."""
    if len(data) > MAX_TRUST_FILE:
        raise TrustError(f"Файл «{name}» завеликий для списку сертифікатів")
    new = read_certificates(data, name)
    current = load_trust()
    kept = list(current.certificates) if current else []
    known = {certificate.dump() for certificate in kept}
    added = []
    for certificate in new:
        if certificate.dump() not in known:
            known.add(certificate.dump())
            added.append(certificate)
    everything = kept + added
    bundle = cms.ContentInfo(
        {
            "content_type": "signed_data",
            "content": {
                "version": "v1",
                "digest_algorithms": [],
                "encap_content_info": {"content_type": "data"},
                "certificates": everything,
                "signer_infos": [],
            },
        }
    )
    trust_path().parent.mkdir(parents=True, exist_ok=True)
    write_atomically(trust_path(), bundle.dump())
    return len(added), len(everything)
