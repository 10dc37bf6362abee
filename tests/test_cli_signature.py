"""`ctb-desktop signature check|trust-import` on the real КЕП samples."""

from __future__ import annotations

import json

from asn1crypto import cms

from tests.exchange.dstu_signing import compress, public_point
from tests.exchange.test_kep_samples import SAMPLES
from tests.test_cli import run

DETACHED = SAMPLES / "uapki" / "cades-bes-detached.p7s"
CONTENT = SAMPLES / "uapki" / "cades-bes-detached.content.txt"
JKURWA = SAMPLES / "jkurwa" / "message.p7"


def test_check_prints_the_signer_and_exits_0_when_valid(capsys):
    code, out, err = run(capsys, "signature", "check", DETACHED, "--document", CONTENT)
    assert (code, err) == (0, "")
    assert out.startswith("Підпис «cades-bes-detached.p7s»: Підпис відповідає документу")
    for line in (
        "  Підписувач: ДП ДІЯ (Тестування)",
        "  ЄДРПОУ: 43395033",
        "  Сертифікат: 3ED5083160DBC59B04000000A91E060073A57600",
        '  Видавець: "Дія". Кваліфікований надавач електронних довірчих послуг',
        "  Час підписання: 19.09.2023 18:17:18 UTC (записаний засобом підпису (signingTime))",
        "  Алгоритми: ДСТУ 4145-2002 (257 біт), ДСТУ ГОСТ 34.311-95",
    ):
        assert line in out.splitlines()
    assert "ланцюжок сертифіката не перевірено" in out


def test_check_exits_1_for_another_document_or_none(capsys, tmp_path):
    other = tmp_path / "інший.txt"
    other.write_bytes(CONTENT.read_bytes() + b"!")
    code, out, _ = run(capsys, "signature", "check", DETACHED, "--document", other)
    assert code == 1
    assert "Документ змінено після підписання!" in out
    code, out, _ = run(capsys, "signature", "check", DETACHED)
    assert code == 1
    assert "Не перевірено: підпис відокремлений, а документ до нього не вказано" in out


def test_check_as_json(capsys):
    code, out, _ = run(
        capsys, "signature", "check", SAMPLES / "uapki" / "cades-t-attached.p7s", "--json"
    )
    data = json.loads(out)
    assert (code, data["ok"], data["edrpou"], data["signature_valid"]) == (
        0,
        True,
        "43395033",
        True,
    )
    assert data["signing_time"] == "2023-09-19T18:17:18+00:00"


def test_an_encrypted_file_is_refused(capsys):
    code, _, err = run(capsys, "signature", "check", SAMPLES / "jkurwa" / "enc_message.p7")
    assert code == 1
    assert "не є підписом КЕП" in err and "enveloped_data" in err


def ca_certificate() -> bytes:
    """jkurwa's sample is signed by a self-signed ДСТУ 4145 «CA»: its own certificate."""
    signed = cms.ContentInfo.load(JKURWA.read_bytes())["content"]
    return signed["certificates"][0].chosen.dump()


def test_with_the_trust_list_the_chain_is_checked_and_the_provider_named(capsys, tmp_path):
    ca = tmp_path / "ca.cer"
    ca.write_bytes(ca_certificate())
    code, out, _ = run(capsys, "signature", "trust-import", ca)
    assert (code, out.split(";")[0]) == (0, "Додано 1 сертифікат надавачів")
    code, out, _ = run(capsys, "signature", "trust-import", SAMPLES / "uapki" / "java-bundle.p7b")
    assert "Додано 4 сертифікати надавачів; у списку довірених тепер 5 сертифікатів" in out
    code, out, _ = run(capsys, "signature", "check", JKURWA)
    assert code == 0
    assert "Підпис відповідає документу; надавач — Very Much CA" in out
    assert "  • Сертифікат видано кваліфікованим надавачем «Very Much CA»." in out
    code, out, _ = run(capsys, "signature", "check", DETACHED, "--document", CONTENT)
    assert (code, "надавача немає у списку довірених" in out) == (0, True)


def test_a_ca_of_the_same_name_with_another_key_breaks_the_chain(capsys, tmp_path):
    der = ca_certificate()
    original = bytes.fromhex("0421") + bytes.fromhex(
        "4b6cc619bf3c209207a76fcb7d5e0d602fd18ec3419b4bca0905a343d793fd6200"
    )  # the CA's key: the OCTET STRING of its compressed point
    forged = der.replace(original, b"\x04\x21" + compress(public_point()))
    assert forged != der
    ca = tmp_path / "forged.cer"
    ca.write_bytes(forged)
    run(capsys, "signature", "trust-import", ca)
    code, out, _ = run(capsys, "signature", "check", JKURWA)
    assert code == 1
    assert "Сертифікат не видано надавачем зі списку довірених!" in out


def test_a_file_without_certificates_is_not_imported(capsys):
    code, _, err = run(capsys, "signature", "trust-import", SAMPLES / "uapki" / "digest.json")
    assert code == 1
    assert "«digest.json» не є списком сертифікатів надавачів" in err
