"""The signer's certificate: who it names (as clerks know them — РНОКПП, ЄДРПОУ, position),
whether it was valid when the signature was made, and its key checking a signature value:
RSA and ECDSA through `cryptography`, ДСТУ 4145 through `exchange.kep`."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import ClassVar

from asn1crypto import algos, core, keys, x509
from cryptography import x509 as crypto_x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ctb_desktop.exchange.kep.curves import DSTU4145_ONB, DSTU4145_PB
from ctb_desktop.exchange.kep.keys import DstuKeyError, DstuPublicKey, read_public_key
from ctb_desktop.exchange.signature_digests import DIGESTS, GOST_34311, KUPYNA, compute, digest_name
from ctb_desktop.exchange.signature_result import SignatureCheck

_DSTU_4145 = "1.2.804.2.1.1.1.1.3."
_KEY_NAMES = {"rsa": "RSA", "rsassa_pss": "RSA-PSS", "ec": "ECDSA", "dsa": "DSA"}
# subjectDirectoryAttributes (2.5.29.9) of Ukrainian qualified certificates.
_RNOKPP = "1.2.804.2.1.1.1.11.1.4.1.1"
_EDRPOU = "1.2.804.2.1.1.1.11.1.4.2.1"
_SUBJECT_DIRECTORY = "2.5.29.9"
# What asn1crypto raises for bytes that are not the structure it was asked to read.
ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


class Unverifiable(Exception):  # noqa: N818 (not an error of the file: a limit of this app)
    """The value cannot be checked here; the message says why, in Ukrainian."""


class _KeyInfo(core.Sequence):
    """SubjectPublicKeyInfo with the key as bytes: asn1crypto's own PublicKeyInfo fails on
    any field of it when the algorithm is one it does not know, as ДСТУ 4145 is."""

    _fields: ClassVar = [
        ("algorithm", keys.PublicKeyAlgorithm),
        ("public_key", core.OctetBitString),
    ]


class _Attribute(core.Sequence):
    _fields: ClassVar = [
        ("type", core.ObjectIdentifier),
        ("values", core.SetOf, {"spec": core.Any}),
    ]


class _Attributes(core.SequenceOf):
    _child_spec = _Attribute


def nfc(text: str) -> str:
    """macOS tools write file names decomposed (NFD); compare them composed."""
    return unicodedata.normalize("NFC", text)


# --- who -------------------------------------------------------------------------------------


def identity(certificate: x509.Certificate | None) -> SignatureCheck:
    if certificate is None:
        note = "Сертифіката підписувача у підписі немає: підписувача не видно."
        return SignatureCheck(
            signer_name="", notes=[note], problem="у підписі немає сертифіката підписувача"
        )
    subject = _attributes(certificate.subject)
    full_name = " ".join(filter(None, (subject.get("surname"), subject.get("given_name"))))
    serial = f"{certificate.serial_number:X}"
    directory = _directory_attributes(certificate)
    tax_number = directory.get(_RNOKPP, "")
    edrpou = directory.get(_EDRPOU, "")
    # «Дія» ECDSA certificates put the РНОКПП in serialNumber with the ETSI prefix; other
    # serialNumbers are the provider's internal numbers, not the clerk's.
    subject_serial = subject.get("serial_number", "")
    if not tax_number and subject_serial.upper().startswith("TINUA-"):
        tax_number = subject_serial[6:]
    organisation_id = subject.get("organization_identifier", "")
    if not edrpou and organisation_id.upper().startswith("NTRUA-"):
        edrpou = organisation_id[6:]
    return SignatureCheck(
        signer_name=subject.get("common_name") or full_name,
        organisation=subject.get("organization_name", ""),
        position=subject.get("title", ""),
        tax_number=tax_number,
        edrpou=edrpou,
        certificate_serial=serial.zfill(len(serial) + len(serial) % 2),
        issuer=issuer_name(certificate),
    )


def issuer_name(certificate: x509.Certificate) -> str:
    issuer = _attributes(certificate.issuer)
    return issuer.get("common_name") or issuer.get("organization_name", "")


def _attributes(name: x509.Name) -> dict[str, str]:
    """The first value of each attribute of a distinguished name, by asn1crypto's name."""
    found: dict[str, str] = {}
    for rdn in name.chosen:
        for pair in rdn:
            value = pair["value"].native
            found.setdefault(pair["type"].native, nfc(" ".join(str(value).split())))
    return found


def _directory_attributes(certificate: x509.Certificate) -> dict[str, str]:
    """OID → the text of the first value, from subjectDirectoryAttributes."""
    found: dict[str, str] = {}
    for extension in certificate["tbs_certificate"]["extensions"] or ():
        if extension["extn_id"].dotted != _SUBJECT_DIRECTORY:
            continue
        try:
            for attribute in _Attributes.load(extension["extn_value"].contents):
                value = core.Asn1Value.load(attribute["values"][0].dump())
                if isinstance(value, core.AbstractString):
                    found.setdefault(attribute["type"].dotted, value.native.strip())
        except ASN1_ERRORS:
            continue  # a malformed extension names nobody
    return found


# --- when ------------------------------------------------------------------------------------


def judge_validity(
    check: SignatureCheck, certificate: x509.Certificate, at: datetime | None, now: datetime
) -> None:
    """Was the certificate valid at the signing time (at the check's time if none is known)?
    Expired since then is a note, not a failure."""
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    moment = at or now
    shown = f"{not_before:%d.%m.%Y} – {not_after:%d.%m.%Y}"
    if not not_before <= moment <= not_after:
        check.certificate_valid = False
        when = "на час підписання" if at else "зараз (час підписання невідомий)"
        check.notes.append(f"Сертифікат {when} НЕ був чинним (строк дії {shown}).")
        return
    check.certificate_valid = True
    if at is None:
        check.notes.append(f"Час підписання невідомий: сертифікат чинний зараз ({shown}).")
    elif now > not_after:
        check.notes.append(
            "Сертифікат був чинним на час підписання; "
            f"з того часу він сплив ({not_after:%d.%m.%Y})."
        )
    else:
        check.notes.append(f"Сертифікат чинний на час підписання (строк дії {shown}).")


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- the key ---------------------------------------------------------------------------------


def key_name(certificate: x509.Certificate | None) -> str:
    if certificate is None:
        return ""
    algorithm = _key_info(certificate)["algorithm"]["algorithm"]
    if algorithm.dotted.startswith(_DSTU_4145):
        return "ДСТУ 4145-2002"
    return _KEY_NAMES.get(algorithm.native, algorithm.native)


def _key_info(certificate: x509.Certificate) -> _KeyInfo:
    return _KeyInfo.load(certificate.public_key.dump())


def dstu_key(certificate: x509.Certificate) -> DstuPublicKey:
    info = _key_info(certificate)
    oid = info["algorithm"]["algorithm"].dotted
    if oid == DSTU4145_ONB:
        raise Unverifiable("ключ ДСТУ 4145 в оптимальному нормальному базисі тут не перевіряється")
    if oid != DSTU4145_PB:
        raise Unverifiable(f"невідомий алгоритм ключа {oid}")
    try:
        return read_public_key(info["algorithm"]["parameters"].dump(), info["public_key"].native)
    except DstuKeyError as error:
        raise Unverifiable(f"ключ ДСТУ 4145 у сертифікаті не прочитано: {error}") from error


def algorithm_name(certificate: x509.Certificate) -> str:
    name = key_name(certificate)
    if name == "ДСТУ 4145-2002":
        try:
            return f"{name} ({dstu_key(certificate).curve_name})"
        except Unverifiable:
            return name
    return name


def verify_value(
    certificate: x509.Certificate,
    algorithm: algos.SignedDigestAlgorithm,
    digest_oid: str,
    data: bytes,
    signature: bytes,
) -> bool:
    """Does `signature` sign `data` with the certificate's key? Unverifiable when the key or
    the digest is one this app cannot compute."""
    name = key_name(certificate)
    if name == "ДСТУ 4145-2002":
        key = dstu_key(certificate)
        if digest_oid != GOST_34311 and not digest_oid.startswith(KUPYNA):
            raise Unverifiable(f"ДСТУ 4145 з гешем {digest_name(digest_oid)} тут не перевіряється")
        digest = compute(digest_oid, data, key.sbox)
        if digest is None:
            raise Unverifiable(f"геш {digest_name(digest_oid)} тут не обчислюється")
        return key.verify(digest, signature)
    if name not in ("RSA", "ECDSA", "RSA-PSS"):
        raise Unverifiable(f"алгоритм ключа {name} тут не перевіряється")
    hash_name = DIGESTS.get(digest_oid, ("", ""))[1]
    if not hash_name.startswith("sha"):
        raise Unverifiable(f"{name} з гешем {digest_name(digest_oid)} тут не перевіряється")
    try:
        key = serialization.load_der_public_key(certificate.public_key.dump())
    except (ValueError, UnsupportedAlgorithm) as error:
        raise Unverifiable(f"ключ {name} у сертифікаті не прочитано") from error
    digest = getattr(hashes, hash_name.upper())()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(digest))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, _rsa_padding(algorithm), digest)
        else:
            raise Unverifiable(f"ключ {name} тут не перевіряється")
    except InvalidSignature:
        return False
    return True


def _rsa_padding(algorithm: algos.SignedDigestAlgorithm) -> padding.AsymmetricPadding:
    if algorithm.signature_algo != "rsassa_pss":
        return padding.PKCS1v15()
    params = algorithm["parameters"]
    mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
    return padding.PSS(
        padding.MGF1(getattr(hashes, mgf_hash.upper())()), params["salt_length"].native
    )


def verify_issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Is `certificate` signed by `issuer`'s key (names and validity aside)?"""
    if certificate.issuer != issuer.subject:
        return False
    if key_name(issuer) == "ДСТУ 4145-2002":
        tbs = certificate["tbs_certificate"].dump()
        value = certificate["signature_value"].native
        algorithm = certificate["signature_algorithm"]["algorithm"].dotted
        if algorithm != DSTU4145_PB:
            raise Unverifiable(f"підпис сертифіката алгоритмом {algorithm} тут не перевіряється")
        key = dstu_key(issuer)
        return key.verify(compute(GOST_34311, tbs, key.sbox) or b"", value)
    try:
        child = crypto_x509.load_der_x509_certificate(certificate.dump())
        parent = crypto_x509.load_der_x509_certificate(issuer.dump())
        child.verify_directly_issued_by(parent)
    except InvalidSignature:
        return False
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise Unverifiable("підпис сертифіката тут не перевіряється") from error
    return True
