"""Reading КЕП signatures made at test time (tests/exchange/signing.py)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.serialization.pkcs7 import PKCS7Options

from ctb_desktop.exchange import signature
from ctb_desktop.exchange.signature import SignatureCheck, SignatureError, check_signature_file
from tests.exchange.signing import (
    CERT_SERIAL,
    ISSUER,
    NAME,
    ORGANISATION,
    POSITION,
    TAX_NUMBER,
    XADES_TIME,
    corrupt_signature,
    gost_signature,
    make_asice,
    make_signer,
    sign_detached,
    zip_container,
)

DOCUMENT = "Інформація про стан виконання програми за 2024 рік".encode() * 40
CHANGED = DOCUMENT.replace(b"2024", b"2025")


def check(signature: bytes, document: bytes = DOCUMENT, name: str = "підпис.p7s"):
    return check_signature_file(signature, name, document)


def test_signer_and_time_are_read_from_a_p7s():
    before = datetime.now(UTC).replace(microsecond=0)
    result = check(sign_detached(DOCUMENT))
    assert result.signer_name == NAME
    assert result.organisation == ORGANISATION
    assert result.position == POSITION
    assert result.tax_number == TAX_NUMBER
    assert result.certificate_serial == f"{CERT_SERIAL:X}"
    assert result.issuer == ISSUER
    assert result.signing_time is not None
    assert before - timedelta(seconds=1) <= result.signing_time <= datetime.now(UTC)


def test_the_digest_of_the_document_matches():
    result = check(sign_detached(DOCUMENT))
    assert result.digest_algorithm == "SHA-256"
    assert (result.digest_checked, result.digest_matches, result.ok) == (True, True, True)
    assert result.verdict == "Підпис відповідає документу"


def test_a_changed_document_is_flagged():
    result = check(sign_detached(DOCUMENT), CHANGED)
    assert (result.digest_checked, result.digest_matches, result.ok) == (True, False, False)
    assert "змінено" in result.verdict
    assert any("НЕ збігається" in note for note in result.notes)


def test_pem_and_bare_base64_are_read():
    pem = sign_detached(DOCUMENT, pem=True)
    assert pem.startswith(b"-----BEGIN")
    assert check(pem).ok is True
    der = sign_detached(DOCUMENT)
    assert check(base64.encodebytes(der)).ok is True
    assert check(pem, CHANGED).ok is False


def test_an_attached_signature_is_compared_with_the_document():
    attached = sign_detached(DOCUMENT, attached=True)
    same = check(attached)
    assert same.ok is True
    assert any("вкладено" in note and "збігається" in note for note in same.notes)
    other = check(attached, CHANGED)
    assert other.ok is False
    assert "змінено" in other.verdict
    assert any("ВІДРІЗНЯЄТЬСЯ" in note for note in other.notes)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_the_signature_value_is_verified_with_the_key(kind):
    p7s = sign_detached(DOCUMENT, make_signer(key=kind))
    good = check(p7s)
    assert (good.signature_checked, good.signature_valid) == (True, True)
    bad = check(corrupt_signature(p7s))
    assert (bad.signature_checked, bad.signature_valid) == (True, False)
    assert bad.digest_matches is True  # the document is fine, the signature is not
    assert bad.ok is False
    assert bad.verdict == "Підпис недійсний для цього документа!"


def test_rsa_pss_signatures_are_verified():
    p7s = sign_detached(DOCUMENT, pss=True)
    assert check(p7s).signature_valid is True
    assert check(corrupt_signature(p7s)).signature_valid is False


def test_an_asice_container_matches_its_document():
    result = check(make_asice(DOCUMENT), name="підпис.asice")
    assert (result.signer_name, result.organisation) == (NAME, ORGANISATION)
    assert result.signing_time == XADES_TIME
    assert (result.digest_checked, result.digest_matches, result.ok) == (True, True, True)
    assert (result.signature_checked, result.signature_valid) == (False, None)
    assert any("XAdES" in note and "не перевірено" in note for note in result.notes)


def with_files(container: bytes, files: dict[str, bytes], drop: str = "") -> bytes:
    """The container with some files added (and one left out)."""
    with zipfile.ZipFile(io.BytesIO(container)) as archive:
        kept = {name: archive.read(name) for name in archive.namelist() if name != drop}
    kept.pop("mimetype")
    return zip_container(kept | files)


def test_an_asice_finds_the_document_under_another_name():
    container = make_asice(DOCUMENT, "Звіт за 2024 рік.docx")
    result = check(with_files(container, {"додаток.pdf": b"%PDF"}), name="звіт.asice")
    assert result.ok is True
    assert any("«Звіт за 2024 рік.docx»" in note for note in result.notes)


def test_a_signature_of_other_files_does_not_fit_the_report():
    container = with_files(make_asice(DOCUMENT, "інший.docx"), {"report.docx": DOCUMENT})
    result = check(container, name="підпис.asice")
    assert (result.digest_matches, result.ok) == (False, False)
    assert any("не посилається на файл «report.docx»" in note for note in result.notes)


def test_a_tampered_asice_is_flagged():
    container = make_asice(DOCUMENT, tamper=True)
    # The report beside it is the one signed, but the file in the container was changed…
    assert check(container, name="підпис.asice").ok is False
    # …and the changed file itself no longer matches the signed digest.
    changed = check(container, DOCUMENT + b" (changed)", name="підпис.asice")
    assert changed.digest_matches is False
    assert "змінено" in changed.verdict
    # An intact container for another report does not fit this one.
    assert check(make_asice(DOCUMENT), CHANGED, name="підпис.asice").ok is False


def test_cades_in_asice_checks_the_manifest_and_the_document():
    ok = check(make_asice(DOCUMENT, cades=True), name="підпис.asice")
    assert (ok.ok, ok.signature_valid, ok.signer_name) == (True, True, NAME)
    assert any("маніфесту" in note for note in ok.notes)
    tampered = make_asice(DOCUMENT, cades=True, tamper=True)
    assert check(tampered, name="підпис.asice").ok is False
    # The changed file itself is caught by the digest the signed manifest holds for it.
    changed = check(tampered, DOCUMENT + b" (changed)", name="підпис.asice")
    assert (changed.digest_matches, changed.signature_valid) == (False, True)


@pytest.mark.parametrize(
    ("oid", "algorithm"),
    [
        ("1.2.804.2.1.1.1.1.2.1", "ДСТУ ГОСТ 34.311-95"),
        ("1.2.804.2.1.1.1.1.2.2.1", "ДСТУ 7564:2014 (Купина-256)"),
    ],
)
def test_a_dstu_signature_says_what_was_not_checked(oid, algorithm):
    result = check(gost_signature(DOCUMENT, oid))
    assert result.signer_name == NAME
    assert result.signing_time == XADES_TIME
    assert result.digest_algorithm == algorithm
    assert (result.digest_checked, result.digest_matches, result.ok) == (False, None, None)
    assert (result.signature_checked, result.signature_valid) == (False, None)
    assert result.verdict == f"Відповідність документу не перевірено (алгоритм {algorithm})"
    notes = " ".join(result.notes)
    assert f"за алгоритмом {algorithm} тут не обчислюється" in notes
    assert "ДСТУ 4145-2002" in notes
    assert "КНЕДП" in notes and "відкликання" in notes


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01 not a signature at all \xff", "не DER"),
        (b"", "порожній"),
        (b"  \n", "порожній"),
        (zip_container({"word/document.xml": b"<w/>"}, mimetype=None), "немає META-INF"),
        (zip_container({"a.txt": b"x"}, mimetype=b"application/zip"), "application/zip"),
        (zip_container({"../evil.xml": b"x", "META-INF/signatures.xml": b"<x/>"}), "evil"),
        (sign_detached(DOCUMENT)[:300], "ASN.1"),
        (b"PK\x03\x04 broken zip", "zip"),
    ],
    ids=["garbage", "empty", "blank", "docx", "other-zip", "traversal", "truncated", "bad-zip"],
)
def test_what_is_not_a_signature_is_refused_naming_the_file(data, reason):
    with pytest.raises(SignatureError, match=reason) as error:
        check_signature_file(data, "підпис.p7s", DOCUMENT)
    assert "«підпис.p7s» не є підписом КЕП" in str(error.value)


def test_the_summary_survives_json():
    for result in (check(sign_detached(DOCUMENT)), check(gost_signature(DOCUMENT), CHANGED)):
        stored = json.loads(json.dumps(result.summary_dict()))
        assert SignatureCheck.from_summary(stored) == result
        assert SignatureCheck.from_summary(stored).verdict == result.verdict
    assert isinstance(stored["signing_time"], str)


def test_without_signed_attributes_the_signature_value_binds_the_document():
    p7s = sign_detached(DOCUMENT, options=[PKCS7Options.NoAttributes])
    same = check(p7s)
    assert (same.signing_time, same.signature_valid, same.ok) == (None, True, True)
    assert any("немає підписаних атрибутів" in note for note in same.notes)
    changed = check(p7s, CHANGED)
    assert (changed.signature_valid, changed.digest_matches, changed.ok) == (False, False, False)


def test_a_signature_without_the_certificate_still_checks_the_digest():
    result = check(sign_detached(DOCUMENT, options=[PKCS7Options.NoCerts]))
    assert (result.signer_name, result.certificate_serial) == ("", "")
    assert (result.ok, result.signature_checked) == (True, False)
    assert any("Сертифіката підписувача у підписі немає" in note for note in result.notes)


def test_a_container_without_the_report_does_not_fit_it():
    others = {"додаток.pdf": b"a", "лист.pdf": b"b"}
    container = with_files(make_asice(DOCUMENT), others, drop="report.docx")
    result = check(container, name="підпис.asice")
    assert (result.digest_matches, result.ok) == (False, False)
    assert any("немає документа звіту" in note and "«лист.pdf»" in note for note in result.notes)


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(signature, "MAX_FILE", 10_000)
    container = make_asice(bytes(50_000))
    assert len(container) < 10_000
    with pytest.raises(SignatureError, match="завеликий"):
        check(container, bytes(50_000), name="підпис.asice")
