"""The board's revision panel: a received package whose signature cannot be verified is
there, its signature shown «Не перевірено» with the reason and the signer's lines."""

from __future__ import annotations

from ctb_desktop.exchange.incoming import receive
from ctb_desktop.exchange.package import read
from ctb_desktop.gui.board_model import revision_notes
from ctb_desktop.storage.packages import ReceivedPackages
from ctb_desktop.storage.workspace import Workspace
from tests.exchange.dstu_signing import dstu_signature
from tests.exchange.network import program_id
from tests.exchange.signing import NAME
from tests.exchange.test_signed_packages import GOST, network  # noqa: F401 (the fixture)


def with_signature(outgoing, signature: bytes) -> bytes:
    package = read(outgoing.content, outgoing.file_name)
    files = {**package.files, "signature.p7s": signature}
    return type(package)(package.manifest, files).to_bytes()


def notes_of(oblast) -> str:
    [package] = ReceivedPackages(oblast).list(program_id(oblast))
    return revision_notes(package)


def test_an_unverifiable_signature_is_shown_not_verified_with_the_reason(network):  # noqa: F811
    oblast, outgoing = network
    unsigned = dstu_signature(outgoing.report, GOST, with_certificate=False)
    assert receive(
        Workspace(oblast), with_signature(outgoing, unsigned), outgoing.file_name
    ).outcome == ("imported")
    notes = notes_of(oblast)
    assert "Підпис: Не перевірено: у підписі немає сертифіката підписувача" in notes
    assert "  Підписувач: невідомий (сертифіката немає)" in notes


def test_a_verified_dstu_signature_lists_the_signer(network):  # noqa: F811
    oblast, outgoing = network
    signed = with_signature(outgoing, dstu_signature(outgoing.report, GOST))
    receive(Workspace(oblast), signed, outgoing.file_name)
    notes = notes_of(oblast)
    assert "Підпис: Підпис відповідає документу (ланцюжок сертифіката не перевірено)" in notes
    assert f"  Підписувач: {NAME}" in notes
    assert "  Алгоритми: ДСТУ 4145-2002 (257 біт), ДСТУ ГОСТ 34.311-95" in notes
