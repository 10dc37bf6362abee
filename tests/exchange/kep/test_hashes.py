"""ГОСТ 34.311-95 and ДСТУ 7564 «Купина» against published vectors."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from ctb_desktop.exchange.kep.gost34311 import DKE_1, Gost34311, encrypt_block, gost34311
from ctb_desktop.exchange.kep.kupyna import Kupyna, kupyna

SAMPLES = Path(__file__).resolve().parents[1] / "kep_samples"
FOX = b"The quick brown fox jumps over the lazy dog"


def uapki_vectors(oid: str) -> list[tuple[bytes, str]]:
    """UAPKI's digest.json: the DIGEST tasks of one algorithm (data, expected hex)."""
    tasks = json.loads((SAMPLES / "uapki" / "digest.json").read_text())["tasks"]
    found = []
    for task in tasks:
        params = task.get("parameters", {})
        if task.get("method") == "DIGEST" and params.get("hashAlgo") == oid and "bytes" in params:
            expected = task["commentExpectedResult"].rsplit("hex:", 1)[1].strip()
            found.append((base64.b64decode(params["bytes"]), expected))
    return found


def test_gost34311_matches_uapkis_published_vector():
    vectors = uapki_vectors("1.2.804.2.1.1.1.1.2.1")
    assert vectors  # the sample has one: the fox
    for data, expected in vectors:
        assert gost34311(data).hex() == expected


def test_gost34311_in_pieces_equals_at_once():
    data = bytes(range(256)) * 5 + b"tail"
    whole = gost34311(data)
    incremental = Gost34311()
    for start in range(0, len(data), 7):
        incremental.update(data[start : start + 7])
    assert incremental.digest() == whole
    assert gost34311(data[:-1]) != whole


def test_another_sbox_gives_another_digest():
    reversed_rows = b"".join(DKE_1[row : row + 8] for row in range(56, -1, -8))
    assert gost34311(FOX, reversed_rows) != gost34311(FOX)
    with pytest.raises(ValueError, match="64 bytes"):
        gost34311(FOX, DKE_1[:32])


def test_gost28147_block_is_a_permutation_of_the_two_halves():
    """The cipher is invertible: distinct blocks never collide under one key."""
    key = tuple(range(0x01020304, 0x01020304 + 8))
    outputs = {encrypt_block(DKE_1, key, n1, 0) for n1 in range(64)}
    assert len(outputs) == 64


# ДСТУ 7564:2014, annex examples (the same vectors Bouncy Castle's DSTU7564Test uses).
KUPYNA = [
    (256, bytes(range(64)), "08F4EE6F1BE6903B324C4E27990CB24EF69DD58DBE84813EE0A52F6631239875"),
    (256, bytes(range(128)), "0A9474E645A7D25E255E9E89FFF42EC7EB31349007059284F0B182E452BDA882"),
    (
        384,
        bytes(range(95)),
        "D9021692D84E5175735654846BA751E6D0ED0FAC36DFBC0841287DCB0B5584C7"
        "5016C3DECC2A6E47C50B2F3811E351B8",
    ),
    (
        512,
        bytes(range(64)),
        "3813E2109118CDFB5A6D5E72F7208DCCC80A2DFB3AFDFB02F46992B5EDBE536B"
        "3560DD1D7E29C6F53978AF58B444E37BA685C0DD910533BA5D78EFFFC13DE62A",
    ),
    (
        512,
        b"",
        "656B2F4CD71462388B64A37043EA55DBE445D452AECD46C3298343314EF04019"
        "BCFA3F04265A9857F91BE91FCE197096187CEDA78C9C1C021C294A0689198538",
    ),
]


@pytest.mark.parametrize(("bits", "data", "expected"), KUPYNA)
def test_kupyna_matches_the_standards_examples(bits, data, expected):
    assert kupyna(data, bits).hex().upper() == expected


def test_kupyna_in_pieces_equals_at_once():
    data = bytes(range(200)) * 3
    for bits in (256, 512):
        hasher = Kupyna(bits)
        for start in range(0, len(data), 50):
            hasher.update(data[start : start + 50])
        assert hasher.digest() == kupyna(data, bits)
    with pytest.raises(ValueError, match="256, 384 або 512"):
        Kupyna(128)
