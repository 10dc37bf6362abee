"""Every real КЕП sample (tests/exchange/kep_samples, made by Ukrainian signing software):
valid with its own document, invalid with another, invalid with one bit flipped in the
signed attributes or in the signature value; the signer and the time as clerks know them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import cms, pem

from ctb_desktop.exchange.signature import SignatureError, check_signature_file

SAMPLES = Path(__file__).resolve().parent / "kep_samples"
FOX = b"The quick brown fox jumps over the lazy dog"
DIIA = "ДП ДІЯ (Тестування)"
DIIA_CA = '"Дія". Кваліфікований надавач електронних довірчих послуг'


@dataclass(frozen=True)
class Sample:
    path: str
    document: bytes | None  # None: the document inside the signature
    signer: str
    organisation: str
    tax_number: str
    edrpou: str
    issuer: str
    signing_time: datetime
    stamps: int = 0  # timestamp tokens inside

    @property
    def der(self) -> bytes:
        data = (SAMPLES / self.path).read_bytes()
        return pem.unarmor(data)[2] if pem.detect(data) else data


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


SAMPLE_LIST = [
    Sample("uapki/cades-bes-attached.p7s", FOX, DIIA, DIIA, "", "43395033", DIIA_CA,
           at(2023, 9, 19, 18, 17, 18)),
    Sample("uapki/cades-bes-attached-customattrs.p7s", FOX, DIIA, DIIA, "", "43395033", DIIA_CA,
           at(2023, 9, 19, 17, 55, 34)),
    Sample("uapki/cades-bes-detached.p7s",
           (SAMPLES / "uapki" / "cades-bes-detached.content.txt").read_bytes(),
           DIIA, DIIA, "", "43395033", DIIA_CA, at(2023, 9, 19, 18, 17, 18)),
    Sample("uapki/cades-t-attached.p7s", FOX, DIIA, DIIA, "", "43395033", DIIA_CA,
           at(2023, 9, 19, 18, 17, 18), stamps=2),
    Sample("dstu-engine/cms.pem", None, "Нестеренко Володимир Борисович (Тест)",
           "Тестовий платник 4", "YaYa999998", "34554363", "КНЕДП - ІДД ДПС",
           at(2020, 11, 9, 11, 27, 1), stamps=1),
    Sample("jkurwa/message.p7", b"123", "", "Very Much CA", "", "", "Very Much CA",
           at(2018, 10, 22, 19, 25, 5)),
]  # fmt: skip


def own_document(sample: Sample) -> bytes:
    if sample.document is not None:
        return sample.document
    content = cms.ContentInfo.load(sample.der)["content"]["encap_content_info"]["content"]
    return bytes(content)


def flip(data: bytes, position: int, bit: int = 0) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << bit
    return bytes(changed)


def flipped_signing_time(der: bytes) -> bytes:
    """One bit of the signed signingTime changed: its last digit, still a valid time."""
    signer = cms.ContentInfo.load(der)["content"]["signer_infos"][0]
    attr = next(a for a in signer["signed_attrs"] if a["type"].native == "signing_time").dump()
    start = der.index(attr)
    return flip(der, start + attr.rindex(b"Z") - 1)


def flipped_signature_value(der: bytes) -> bytes:
    value = cms.ContentInfo.load(der)["content"]["signer_infos"][0]["signature"].native
    return flip(der, der.index(value) + len(value) // 2, 3)


@pytest.mark.parametrize("sample", SAMPLE_LIST, ids=lambda sample: sample.path)
def test_a_sample_is_valid_with_its_own_document(sample):
    result = check_signature_file(sample.der, sample.path, own_document(sample))
    assert result.ok is True, result.notes
    assert (result.digest_matches, result.signature_valid, result.certificate_valid) == (
        True,
        True,
        True,
    )
    assert result.signature_algorithm == "ДСТУ 4145-2002 (257 біт)"
    assert result.digest_algorithm == "ДСТУ ГОСТ 34.311-95"
    assert result.refusal() is None
    # Every shared sample's test certificate has expired since: a note, not a failure.
    assert any("з того часу він сплив" in note for note in result.notes)


@pytest.mark.parametrize("sample", SAMPLE_LIST, ids=lambda sample: sample.path)
def test_identity_and_time_are_as_clerks_know_them(sample):
    result = check_signature_file(sample.der, sample.path, own_document(sample))
    assert result.signer_name == sample.signer
    assert result.organisation == sample.organisation
    assert (result.tax_number, result.edrpou) == (sample.tax_number, sample.edrpou)
    assert result.issuer == sample.issuer
    assert result.signing_time == sample.signing_time
    assert result.time_source == "записаний засобом підпису (signingTime)"
    # The provider's internal serialNumber (401065 for «Дія») is nobody's tax number.
    assert "401065" not in (result.tax_number, result.edrpou)
    stamps = [note for note in result.notes if note.startswith("Позначка часу")]
    assert len(stamps) == sample.stamps
    assert all("геш відповідає" in note for note in stamps)


@pytest.mark.parametrize("sample", SAMPLE_LIST, ids=lambda sample: sample.path)
def test_a_sample_is_invalid_with_another_document(sample):
    result = check_signature_file(sample.der, sample.path, own_document(sample) + b" ")
    assert result.ok is False
    assert result.digest_matches is False
    assert result.refusal() == "це підпис іншого документа (або документ змінено після підписання)"


@pytest.mark.parametrize("sample", SAMPLE_LIST, ids=lambda sample: sample.path)
def test_one_bit_in_the_signed_attributes_breaks_the_signature(sample):
    changed = flipped_signing_time(sample.der)
    result = check_signature_file(changed, sample.path, own_document(sample))
    assert result.signing_time != sample.signing_time  # the flip landed in the time
    assert (result.digest_matches, result.signature_valid, result.ok) == (True, False, False)
    assert result.verdict == "Підпис недійсний для цього документа!"


@pytest.mark.parametrize("sample", SAMPLE_LIST, ids=lambda sample: sample.path)
def test_one_bit_in_the_signature_value_breaks_the_signature(sample):
    result = check_signature_file(
        flipped_signature_value(sample.der), sample.path, own_document(sample)
    )
    assert (result.signature_valid, result.ok) == (False, False)


def test_a_detached_sample_without_its_document_is_not_verified():
    sample = SAMPLE_LIST[2]
    result = check_signature_file(sample.der, sample.path, None)
    assert (result.signature_valid, result.digest_matches, result.ok) == (True, None, None)
    assert result.verdict == "Не перевірено: підпис відокремлений, а документ до нього не вказано"


def test_an_attached_sample_without_a_document_checks_its_own_copy():
    sample = SAMPLE_LIST[0]
    assert check_signature_file(sample.der, sample.path, None).ok is True


def test_the_timestamps_are_checked_by_their_imprints():
    """CAdES-T: the content timestamp hashes the document, the signature timestamp the
    signature value; the service's certificate is not in the file, so its own signature is
    not verified, which leaves the timestamps unconfirmed but not failed."""
    sample = SAMPLE_LIST[3]
    result = check_signature_file(sample.der, sample.path, FOX)
    assert result.timestamps_valid is None
    assert any(n.startswith("Позначка часу на дані (19.09.2023 18:17:19") for n in result.notes)
    assert any(n.startswith("Позначка часу на підпис (19.09.2023 18:17:19") for n in result.notes)
    broken = check_signature_file(flipped_signature_value(sample.der), sample.path, FOX)
    assert broken.timestamps_valid is False  # the signature timestamp no longer fits
    assert any("на підпис" in note and "геш НЕ відповідає" in note for note in broken.notes)


def test_an_encrypted_message_is_not_a_signature():
    data = (SAMPLES / "jkurwa" / "enc_message.p7").read_bytes()
    with pytest.raises(SignatureError, match="enveloped_data"):
        check_signature_file(data, "enc_message.p7", b"123")
