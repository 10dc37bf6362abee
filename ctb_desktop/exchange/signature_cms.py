"""CMS / CAdES (.p7s): every signer of the file, each checked in full — the messageDigest
against the document, the signature value over the signed attributes with the certificate's
key, the certificate at the signing time, and the timestamp tokens inside (content and
signature timestamps: their messageImprint and their own signature)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from asn1crypto import cms, core, pem, tsp, x509

from ctb_desktop.exchange.kep.gost34311 import DKE_1
from ctb_desktop.exchange.signature_certificate import (
    ASN1_ERRORS,
    Unverifiable,
    algorithm_name,
    dstu_key,
    identity,
    judge_validity,
    key_name,
    verify_value,
)
from ctb_desktop.exchange.signature_digests import compute, digest_name
from ctb_desktop.exchange.signature_result import SignatureCheck, SignatureError, combine

CONTENT_TIMESTAMP = "1.2.840.113549.1.9.16.2.20"
SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14"
DETACHED = "підпис відокремлений, а документ до нього не вказано"
SOURCE_SIGNING_TIME = "записаний засобом підпису (signingTime)"
SOURCE_CONTENT_STAMP = "з позначки часу на дані"
SOURCE_SIGNATURE_STAMP = "з позначки часу на підпис"


class Trust(Protocol):
    """The imported list of qualified providers' certificates (exchange/trust.py)."""

    certificates: list[x509.Certificate]

    def judge(self, check: SignatureCheck, certificate: x509.Certificate, at: datetime) -> None: ...


def not_signature(name: str, reason: str) -> SignatureError:
    return SignatureError(f"Файл «{name}» не є підписом КЕП (CMS/PKCS#7 або ASiC-E): {reason}.")


def cms_der(data: bytes, name: str) -> bytes:
    """DER from a .p7s as signing tools write it: DER, PEM or bare Base64."""
    if data[:1] == b"\x30":
        return data
    text = data.removeprefix(b"\xef\xbb\xbf").strip()
    try:
        if pem.detect(text):
            return pem.unarmor(text)[2]
        return base64.b64decode(b"".join(text.split()), validate=True)
    except (ValueError, binascii.Error) as error:
        raise not_signature(name, "це не DER і не текст PEM/Base64") from error


def read_signed_data(der: bytes, name: str) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise not_signature(name, f"у ньому CMS типу «{info['content_type'].native}»")
        signed_data = info["content"]
        if not list(signed_data["signer_infos"]):
            raise not_signature(name, "у ньому немає жодного підписувача")
        return signed_data
    except ASN1_ERRORS as error:
        raise not_signature(name, "його структуру ASN.1 не вдалося розібрати") from error


def embedded_content(signed_data: cms.SignedData) -> bytes | None:
    content = signed_data["encap_content_info"]["content"]
    return None if isinstance(content, core.Void) else bytes(content)


@dataclass
class Context:
    """What every signer of a file is checked with."""

    name: str  # the file, for messages
    now: datetime
    trust: Trust | None
    certificates: list[x509.Certificate]  # the file's own and the trusted ones


def check_cms(
    signed_data: cms.SignedData, content: bytes | None, whose: str, context: Context
) -> SignatureCheck:
    """Every signer of the CMS over `content` (None: the document is not known)."""
    try:
        checks = [
            _check_signer(signed_data, signer, content, whose, context)
            for signer in signed_data["signer_infos"]
        ]
    except ASN1_ERRORS as error:
        raise not_signature(context.name, "його структуру ASN.1 не вдалося розібрати") from error
    return combine(checks)


def certificates_of(signed_data: cms.SignedData) -> list[x509.Certificate]:
    return [c.chosen for c in signed_data["certificates"] or () if c.name == "certificate"]


def _find_certificate(
    signer: cms.SignerInfo, certificates: list[x509.Certificate]
) -> x509.Certificate | None:
    sid = signer["sid"]
    for certificate in certificates:
        try:
            if sid.name == "issuer_and_serial_number":
                wanted = sid.chosen
                if (certificate.issuer, certificate.serial_number) == (
                    wanted["issuer"],
                    wanted["serial_number"].native,
                ):
                    return certificate
            elif certificate.key_identifier == sid.chosen.native:
                return certificate
        except ASN1_ERRORS:
            continue  # a certificate with a malformed extension is not this signer's
    return None


def _signed_attributes(signer: cms.SignerInfo) -> dict[str, Any]:
    """messageDigest, signingTime and the content timestamp tokens; others left unparsed."""
    found: dict[str, Any] = {"tokens": []}
    for attr in signer["signed_attrs"] or ():
        oid = attr["type"].dotted
        if oid == CONTENT_TIMESTAMP:
            found["tokens"] += [(SOURCE_CONTENT_STAMP, value.dump()) for value in attr["values"]]
        elif attr["type"].native in ("message_digest", "signing_time"):
            found.setdefault(attr["type"].native, attr["values"][0].native)
    if not isinstance(found.get("message_digest", b""), bytes):
        raise ValueError("messageDigest is not an OCTET STRING")
    return found


def _check_signer(
    signed_data: cms.SignedData,
    signer: cms.SignerInfo,
    content: bytes | None,
    whose: str,
    context: Context,
    *,
    stamps: bool = True,
) -> SignatureCheck:
    certificate = _find_certificate(signer, certificates_of(signed_data) + context.certificates)
    check = identity(certificate)
    attrs = _signed_attributes(signer)
    digest_oid = signer["digest_algorithm"]["algorithm"].dotted
    check.digest_algorithm = digest_name(digest_oid)
    check.signature_algorithm = algorithm_name(certificate) if certificate else ""
    has_attrs = bool(signer["signed_attrs"])
    if has_attrs and "message_digest" not in attrs:
        raise not_signature(context.name, "у підписаних атрибутах немає гешу (messageDigest)")
    signature = signer["signature"].native
    sbox = _sbox(certificate)
    if has_attrs:
        _check_digest(check, digest_oid, attrs["message_digest"], content, whose, sbox)
        # What was signed is the attributes' DER with the SET OF tag, not the [0] one.
        signed: bytes | None = b"\x31" + signer["signed_attrs"].dump()[1:]
    else:
        check.notes.append(
            "У підписі немає підписаних атрибутів: документ пов'язаний з ним лише значенням "
            "підпису, тож відповідність документу показує лише перевірка значення підпису."
        )
        signed = content
        if content is None:
            check.problem = check.problem or DETACHED
    if certificate is not None and signed is not None:
        _check_value(check, certificate, signer, digest_oid, signed, signature)
        if not has_attrs:
            check.digest_matches = check.signature_valid
            check.digest_checked = check.signature_valid is not None
    tokens = attrs["tokens"] + _unsigned_tokens(signer) if stamps else []
    stamp_times = _check_timestamps(check, tokens, content, signature, context)
    _signing_time(check, attrs.get("signing_time"), stamp_times)
    if certificate is not None:
        trusted = stamp_times.get(SOURCE_SIGNATURE_STAMP) or stamp_times.get(SOURCE_CONTENT_STAMP)
        moment = trusted or check.signing_time
        judge_validity(check, certificate, moment, context.now)
        if context.trust is not None:
            context.trust.judge(check, certificate, moment or context.now)
    return check


def _sbox(certificate: x509.Certificate | None) -> bytes:
    """The S-box for ГОСТ 34.311 with this signer: the key's own (DKE), ДКЕ №1 by default."""
    if certificate is None or key_name(certificate) != "ДСТУ 4145-2002":
        return DKE_1
    try:
        return dstu_key(certificate).sbox
    except Unverifiable:
        return DKE_1


def _check_digest(
    check: SignatureCheck,
    oid: str,
    signed_digest: bytes,
    content: bytes | None,
    whose: str,
    sbox: bytes,
) -> None:
    name = digest_name(oid)
    if content is None:
        check.problem = check.problem or DETACHED
        check.notes.append(f"Геш {whose} ({name}) не перевірено: {whose} не вказано.")
        return
    computed = compute(oid, content, sbox)
    if computed is None:
        check.problem = check.problem or f"геш {name} тут не обчислюється"
        check.notes.append(f"Геш {whose} за алгоритмом {name} тут не обчислюється.")
        return
    check.digest_checked = True
    check.digest_matches = computed == signed_digest
    check.notes.append(
        f"Геш {whose} ({name}) "
        + ("збігається з підписаним." if check.digest_matches else "НЕ збігається з підписаним.")
    )


def _check_value(
    check: SignatureCheck,
    certificate: x509.Certificate,
    signer: cms.SignerInfo,
    digest_oid: str,
    signed: bytes,
    signature: bytes,
) -> None:
    try:
        valid = verify_value(
            certificate, signer["signature_algorithm"], digest_oid, signed, signature
        )
    except Unverifiable as error:
        check.problem = check.problem or str(error)
        check.notes.append(f"Значення підпису тут не перевірено: {error}.")
        return
    check.signature_checked, check.signature_valid = True, valid
    if valid:
        check.notes.append(
            f"Значення підпису перевірено ключем сертифіката ({check.signature_algorithm})."
        )
    else:
        check.notes.append("Значення підпису НЕ відповідає ключу сертифіката підписувача.")


def _unsigned_tokens(signer: cms.SignerInfo) -> list[tuple[str, bytes]]:
    return [
        (SOURCE_SIGNATURE_STAMP, value.dump())
        for attr in signer["unsigned_attrs"] or ()
        if attr["type"].dotted == SIGNATURE_TIMESTAMP
        for value in attr["values"]
    ]


def _check_timestamps(
    check: SignatureCheck,
    tokens: list[tuple[str, bytes]],
    content: bytes | None,
    signature: bytes,
    context: Context,
) -> dict[str, datetime]:
    """Each token's messageImprint (of the document, or of the signature value) and its own
    signature; returns the time of each kind whose imprint matched."""
    times: dict[str, datetime] = {}
    results: list[bool | None] = []
    for source, der in tokens:
        kind = "на дані" if source == SOURCE_CONTENT_STAMP else "на підпис"
        try:
            token = read_signed_data(der, f"{context.name} (позначка часу)")
            info = tsp.TSTInfo.load(bytes(token["encap_content_info"]["content"]))
            imprint = info["message_imprint"]
            time = info["gen_time"].native
        except (SignatureError, *ASN1_ERRORS):
            results.append(False)
            check.notes.append(f"Позначку часу {kind} пошкоджено: її не прочитано.")
            continue
        target = content if source == SOURCE_CONTENT_STAMP else signature
        computed = compute(imprint["hash_algorithm"]["algorithm"].dotted, target or b"")
        if target is None or computed is None:
            matches = None
        else:
            matches = computed == imprint["hashed_message"].native
        own = _check_signer(
            token,
            token["signer_infos"][0],
            bytes(token["encap_content_info"]["content"]),
            "позначки часу",
            context,
            stamps=False,
        )
        if matches:
            times.setdefault(source, time)
        result = (
            False if False in (matches, own.own_ok) else True if matches and own.own_ok else None
        )
        results.append(result)
        what = {True: "відповідає", False: "НЕ відповідає", None: "не перевірено"}[matches]
        who = own.signer_name or "служба невідома: її сертифіката у підписі немає"
        value = {True: "перевірено", False: "НЕДІЙСНИЙ", None: "не перевірено"}[own.own_ok]
        check.notes.append(
            f"Позначка часу {kind} ({time:%d.%m.%Y %H:%M:%S %Z}): геш {what}; "
            f"підпис служби позначок часу ({who}) {value}."
        )
    if results:
        check.timestamps_valid = False if False in results else None if None in results else True
    return times


def _signing_time(
    check: SignatureCheck, signing_time: datetime | None, stamps: dict[str, datetime]
) -> None:
    if signing_time is not None:
        check.signing_time, check.time_source = signing_time, SOURCE_SIGNING_TIME
        return
    for source in (SOURCE_CONTENT_STAMP, SOURCE_SIGNATURE_STAMP):
        if source in stamps:
            check.signing_time, check.time_source = stamps[source], source
            return
