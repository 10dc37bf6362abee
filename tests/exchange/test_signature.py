"""Reading КЕП signatures made at test time (tests/exchange/signing.py)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.serialization.pkcs7 import PKCS7Options

from ctb_desktop.exchange import signature_asic
from ctb_desktop.exchange.signature import SignatureCheck, SignatureError, check_signature_file
from ctb_desktop.exchange.signature_asic import XADES_UNCHECKED
from ctb_desktop.exchange.signature_result import NO_CERTIFICATE
from tests.exchange.dstu_signing import OTHER_SBOX, dstu_signature
from tests.exchange.signing import (
    CERT_SERIAL,
    ISSUER,
    NAME,
    ORGANISATION,
    POSITION,
    TAX_NUMBER,
    XADES_TIME,
    corrupt_signature,
    make_asice,
    make_signer,
    sign_detached,
    zip_container,
)

DOCUMENT = "Інформація про стан виконання програми за 2024 рік".encode() * 40
CHANGED = DOCUMENT.replace(b"2024", b"2025")
GOST = "1.2.804.2.1.1.1.1.2.1"
KUPYNA_256 = "1.2.804.2.1.1.1.1.2.2.1"


def check(signature: bytes, document: bytes | None = DOCUMENT, name: str = "підпис.p7s"):
    return check_signature_file(signature, name, document)


def test_signer_and_time_are_read_from_a_p7s():
    before = datetime.now(UTC).replace(microsecond=0)
    result = check(sign_detached(DOCUMENT))
    assert result.signer_name == NAME
    assert result.organisation == ORGANISATION
    assert result.position == POSITION
    assert result.tax_number == TAX_NUMBER.removeprefix("TINUA-")  # the ETSI prefix stripped
    assert result.time_source == "записаний засобом підпису (signingTime)"
    assert result.certificate_valid is True
    assert result.certificate_serial == f"{CERT_SERIAL:X}"
    assert result.issuer == ISSUER
    assert result.signing_time is not None
    assert before - timedelta(seconds=1) <= result.signing_time <= datetime.now(UTC)


def test_the_digest_of_the_document_matches():
    result = check(sign_detached(DOCUMENT))
    assert result.digest_algorithm == "SHA-256"
    assert (result.digest_checked, result.digest_matches, result.ok) == (True, True, True)
    assert result.verdict == "Підпис відповідає документу (ланцюжок сертифіката не перевірено)"


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


def test_an_asice_container_matches_its_document_but_xades_is_not_verified():
    result = check(make_asice(DOCUMENT), name="підпис.asice")
    assert (result.signer_name, result.organisation) == (NAME, ORGANISATION)
    assert result.signing_time == XADES_TIME
    assert (result.digest_checked, result.digest_matches, result.ok) == (True, True, None)
    assert (result.signature_checked, result.signature_valid) == (False, None)
    assert result.verdict == f"Не перевірено: {XADES_UNCHECKED}"
    assert result.refusal() == f"програма не може перевірити цей підпис: {XADES_UNCHECKED}"


def with_files(container: bytes, files: dict[str, bytes], drop: str = "") -> bytes:
    """The container with some files added (and one left out)."""
    with zipfile.ZipFile(io.BytesIO(container)) as archive:
        kept = {name: archive.read(name) for name in archive.namelist() if name != drop}
    kept.pop("mimetype")
    return zip_container(kept | files)


def test_an_asice_finds_the_document_under_another_name():
    container = make_asice(DOCUMENT, "Звіт за 2024 рік.docx")
    result = check(with_files(container, {"додаток.pdf": b"%PDF"}), name="звіт.asice")
    assert result.digest_matches is True
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
        ("1.2.804.2.1.1.1.1.2.2.2", "ДСТУ 7564:2014 (Купина-384)"),
        ("1.2.804.2.1.1.1.1.2.2.3", "ДСТУ 7564:2014 (Купина-512)"),
    ],
)
def test_a_dstu_4145_signature_is_verified_with_its_digest(oid, algorithm):
    p7s = dstu_signature(DOCUMENT, oid)
    result = check(p7s)
    assert (result.signer_name, result.signing_time) == (NAME, XADES_TIME)
    assert (result.digest_algorithm, result.signature_algorithm) == (
        algorithm,
        "ДСТУ 4145-2002 (257 біт)",
    )
    assert (result.digest_matches, result.signature_valid, result.ok) == (True, True, True)
    assert check(p7s, CHANGED).ok is False
    value = cms.ContentInfo.load(p7s)["content"]["signer_infos"][0]["signature"].native
    flipped = p7s.replace(value, value[:5] + bytes([value[5] ^ 1]) + value[6:])
    assert check(flipped).signature_valid is False


def test_the_keys_own_sbox_hashes_the_gost_digest():
    """A key whose parameters carry their own S-box (DKE): ГОСТ 34.311 runs with it."""
    result = check(dstu_signature(DOCUMENT, GOST, sbox=OTHER_SBOX))
    assert (result.digest_matches, result.signature_valid) == (True, True)


def test_an_attached_dstu_signature_is_tied_to_its_copy():
    attached = dstu_signature(DOCUMENT, GOST, attached=True)
    assert check(attached).ok is True
    assert check(attached, None).ok is True  # the copy inside is what is checked
    assert check(attached, CHANGED).refusal().startswith("це підпис іншого документа")


def test_a_kupyna_signature_without_the_certificate_names_nobody_and_is_refused():
    result = check(dstu_signature(DOCUMENT, KUPYNA_256, with_certificate=False))
    assert (result.signer_name, result.digest_matches, result.ok) == ("", True, None)
    assert result.verdict == "Не перевірено: у підписі немає сертифіката підписувача"
    assert result.refusal() == NO_CERTIFICATE


def test_a_signature_made_outside_the_certificates_validity_is_invalid():
    result = check(dstu_signature(DOCUMENT, GOST, signing_time=datetime(2031, 5, 1, tzinfo=UTC)))
    assert (result.signature_valid, result.certificate_valid, result.ok) == (True, False, False)
    assert result.verdict == "Підпис зроблено поза строком дії сертифіката!"


def test_every_signer_of_a_file_is_checked():
    """Two signers in one CMS: both verified; one broken makes the whole file invalid."""
    first = cms.ContentInfo.load(dstu_signature(DOCUMENT, GOST))
    second = cms.ContentInfo.load(dstu_signature(DOCUMENT, KUPYNA_256))
    signed = first["content"]
    signed["signer_infos"] = [*signed["signer_infos"], second["content"]["signer_infos"][0]]
    both = first.dump()
    result = check(both)
    assert (result.ok, len(result.others)) == (True, 1)
    assert result.verdict == "Усі підписи (2) відповідають документу"
    assert sum(line.startswith("Підпис ") for line in result.lines()) == 2
    value = second["content"]["signer_infos"][0]["signature"].native
    broken = both.replace(value, value[:-1] + bytes([value[-1] ^ 1]))
    failed = check(broken)
    assert (failed.own_ok, failed.others[0].own_ok, failed.ok) == (True, False, False)
    assert failed.verdict == f"Підпис недійсний для цього документа! ({NAME})"


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
    two = dstu_signature(DOCUMENT, GOST)
    for result in (
        check(sign_detached(DOCUMENT)),
        check(two, CHANGED),
        check(make_asice(DOCUMENT)),
    ):
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
    assert (result.digest_matches, result.ok, result.signature_checked) == (True, None, False)
    assert result.refusal() == NO_CERTIFICATE
    assert any("Сертифіката підписувача у підписі немає" in note for note in result.notes)


def test_a_container_without_the_report_does_not_fit_it():
    others = {"додаток.pdf": b"a", "лист.pdf": b"b"}
    container = with_files(make_asice(DOCUMENT), others, drop="report.docx")
    result = check(container, name="підпис.asice")
    assert (result.digest_matches, result.ok) == (False, False)
    assert any("немає документа звіту" in note and "«лист.pdf»" in note for note in result.notes)


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setitem(signature_asic.LIMITS, "file", 10_000)
    container = make_asice(bytes(50_000))
    assert len(container) < 10_000
    with pytest.raises(SignatureError, match="завеликий"):
        check(container, bytes(50_000), name="підпис.asice")


def test_a_signature_timestamp_is_verified_and_gives_the_time():
    stamped = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)
    result = check(dstu_signature(DOCUMENT, GOST, signing_time=None, stamped_at=stamped))
    assert (result.ok, result.timestamps_valid) == (True, True)
    assert (result.signing_time, result.time_source) == (stamped, "з позначки часу на підпис")
    assert any(f"служби позначок часу ({NAME}) перевірено" in note for note in result.notes)


def test_the_certificate_is_judged_at_the_timestamps_time():
    late = dstu_signature(DOCUMENT, GOST, stamped_at=datetime(2031, 1, 1, tzinfo=UTC))
    result = check(late)
    assert result.signing_time == XADES_TIME  # signingTime is still what is shown
    assert (result.certificate_valid, result.ok) == (False, False)


def test_a_forged_timestamp_fails_the_signature():
    p7s = dstu_signature(DOCUMENT, GOST, stamped_at=datetime(2025, 2, 1, tzinfo=UTC))
    signer = cms.ContentInfo.load(p7s)["content"]["signer_infos"][0]
    token = signer["unsigned_attrs"][0]["values"][0]["content"]["signer_infos"][0]
    value = token["signature"].native
    forged = p7s.replace(value, value[:-1] + bytes([value[-1] ^ 1]))
    result = check(forged)
    assert (result.signature_valid, result.timestamps_valid, result.ok) == (True, False, False)
    assert result.verdict == "Позначка часу в підписі недійсна!"
    assert result.refusal() == "позначка часу в підписі недійсна"


def test_a_broken_timestamp_token_fails_it_but_the_file_is_still_read():
    p7s = dstu_signature(DOCUMENT, GOST, stamped_at=datetime(2025, 2, 1, tzinfo=UTC))
    signer = cms.ContentInfo.load(p7s)["content"]["signer_infos"][0]
    token = signer["unsigned_attrs"][0]["values"][0].dump()
    broken = p7s.replace(token, token[:40] + b"\xff" * 8 + token[48:])
    result = check(broken)
    assert (result.signature_valid, result.timestamps_valid, result.ok) == (True, False, False)
    assert "Позначку часу на підпис пошкоджено: її не прочитано." in result.notes


def test_an_xades_time_without_a_zone_is_taken_as_utc():
    container = make_asice(DOCUMENT)
    with zipfile.ZipFile(io.BytesIO(container)) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if name != "mimetype"}
    files["META-INF/signatures0.xml"] = files["META-INF/signatures0.xml"].replace(
        b"09:30:00Z", b"09:30:00"
    )
    result = check(zip_container(files), name="підпис.asice")
    assert (result.signing_time, result.certificate_valid) == (XADES_TIME, True)
