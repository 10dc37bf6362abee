"""A district signs its report in the КЕП tool and attaches the signature; the oblast
sees who signed and whether the document is the one signed."""

import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from ctb_desktop.exchange.board import load_board
from ctb_desktop.exchange.incoming import receive
from ctb_desktop.exchange.outgoing import attach_signature_file, export_report, report_letter
from ctb_desktop.exchange.package import PackageError, read
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.dstu_signing import dstu_signature
from tests.exchange.network import (
    PERIOD,
    district_database,
    fill,
    oblast_database,
    program_id,
    program_package,
)
from tests.exchange.signing import make_asice, make_signer, sign_detached
from tests.test_cli import run

DISTRICT = "UA-71-01"
GOST = "1.2.804.2.1.1.1.1.2.1"
KUPYNA_256 = "1.2.804.2.1.1.1.1.2.2.1"


@pytest.fixture
def network(tmp_path):
    oblast = oblast_database(tmp_path / "oblast.sqlite")
    district = district_database(tmp_path / "d.sqlite", DISTRICT, program_package(oblast))
    fill(district, DISTRICT, Decimal(400))
    outgoing = export_report(Workspace(district), program_id(district), PERIOD, DISTRICT)
    yield oblast, outgoing
    oblast.close()
    district.close()


def test_a_signed_package_shows_its_signer_at_the_oblast(network):
    oblast, outgoing = network
    signature = sign_detached(outgoing.report, make_signer("Олена Петренко"))
    signed, check = attach_signature_file(
        outgoing.content, outgoing.file_name, signature, "звіт.docx.p7s"
    )
    assert check.ok is True
    assert read(signed, "x").signature[0] == "signature.p7s"
    received = receive(Workspace(oblast), signed, outgoing.file_name)
    assert received.signature["signer_name"] == "Олена Петренко"
    assert received.warnings == []
    cell = load_board(Workspace(oblast), program_id(oblast), PERIOD.year).cell(DISTRICT, PERIOD)
    assert cell.signature == "Підпис відповідає документу (ланцюжок сертифіката не перевірено)"
    letter = report_letter(Workspace(oblast), signed, outgoing.file_name, "ova@example.gov.ua")
    assert "підписано кваліфікованим електронним підписом: Олена Петренко" in (
        letter.get_body().get_content()
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda report: sign_detached(b"another report"), "це підпис іншого документа"),
        (lambda report: dstu_signature(b"another report", GOST), "це підпис іншого документа"),
        (
            lambda report: dstu_signature(report, KUPYNA_256, with_certificate=False),
            "у підписі немає сертифіката підписувача",
        ),
        (make_asice, "програма не може перевірити цей підпис"),
        (
            lambda report: dstu_signature(
                report, GOST, signing_time=datetime(2031, 1, 1, tzinfo=UTC)
            ),
            "поза строком дії сертифіката",
        ),
    ],
    ids=["other-document", "other-document-dstu", "no-certificate", "xades", "expired"],
)
def test_what_cannot_be_verified_is_not_attached(network, make, reason):
    _, outgoing = network
    with pytest.raises(PackageError, match=reason) as error:
        attach_signature_file(outgoing.content, outgoing.file_name, make(outgoing.report), "п.p7s")
    assert "Підпис «п.p7s» не додано до пакета" in str(error.value)
    assert "!." not in str(error.value) and ".." not in str(error.value)


def test_a_dstu_signature_of_the_report_is_attached(network):
    oblast, outgoing = network
    signature = dstu_signature(outgoing.report, KUPYNA_256)
    signed, check = attach_signature_file(outgoing.content, outgoing.file_name, signature, "s.p7s")
    assert (check.ok, check.signature_algorithm) == (True, "ДСТУ 4145-2002 (257 біт)")
    received = receive(Workspace(oblast), signed, outgoing.file_name)
    assert (received.signature["signature_valid"], received.warnings) == (True, [])


def test_a_received_package_with_an_unverifiable_signature_is_imported_not_verified(network):
    oblast, outgoing = network
    package = read(outgoing.content, outgoing.file_name)
    unsigned_key = dstu_signature(outgoing.report, GOST, with_certificate=False)
    files = {**package.files, "signature.p7s": unsigned_key}
    forged = type(package)(package.manifest, files).to_bytes()
    received = receive(Workspace(oblast), forged, outgoing.file_name)
    assert received.outcome == "imported"
    expected = "Не перевірено: у підписі немає сертифіката підписувача"
    assert received.warnings == [f"Підпис: {expected}"]
    cell = load_board(Workspace(oblast), program_id(oblast), PERIOD.year).cell(DISTRICT, PERIOD)
    assert cell.signature == expected


def test_a_signature_swapped_in_after_packing_is_flagged_at_the_oblast(network):
    oblast, outgoing = network
    package = read(outgoing.content, outgoing.file_name)
    files = {**package.files, "signature.p7s": sign_detached(b"another report")}
    forged = type(package)(package.manifest, files).to_bytes()
    received = receive(Workspace(oblast), forged, outgoing.file_name)
    assert received.signature["digest_matches"] is False
    assert any("змінено" in warning for warning in received.warnings)


def test_signing_the_same_revision_later_adds_the_signature(network):
    oblast, outgoing = network
    assert receive(Workspace(oblast), outgoing.content, outgoing.file_name).outcome == "imported"
    signature = sign_detached(outgoing.report)
    signed, _ = attach_signature_file(outgoing.content, outgoing.file_name, signature, "s.p7s")
    assert receive(Workspace(oblast), signed, outgoing.file_name).outcome == "signed"
    assert receive(Workspace(oblast), signed, outgoing.file_name).outcome == "unchanged"


def test_sign_attach_by_command_line(network, tmp_path, capsys):
    _, outgoing = network
    package = tmp_path / outgoing.file_name
    package.write_bytes(outgoing.content)
    document = tmp_path / outgoing.report_name
    document.write_bytes(outgoing.report)
    p7s = tmp_path / f"{outgoing.report_name}.p7s"
    p7s.write_bytes(sign_detached(document.read_bytes(), make_signer("Олена Петренко")))
    code, out, err = run(capsys, "package", "sign-attach", package, p7s)
    assert (code, err) == (0, "")
    assert "Підпис додано" in out
    assert "Підпис відповідає документу" in out
    assert "  Підписувач: Олена Петренко" in out and "  РНОКПП: 1234567890" in out
    assert "signature.p7s" in zipfile.ZipFile(package).namelist()
    code, out, _ = run(capsys, "package", "show", package)
    assert "Підпис: Підпис відповідає документу" in out
    assert "  Підписувач: Олена Петренко" in out and "  Посада: Головний спеціаліст" in out

    p7s.write_bytes(sign_detached(b"changed after signing"))
    code, _, err = run(capsys, "package", "sign-attach", package, p7s)
    assert code == 1
    assert "це підпис іншого документа" in err
