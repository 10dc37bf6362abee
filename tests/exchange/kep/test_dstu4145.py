"""ДСТУ 4145-2002: the standard's own example (annex Б), the ten named curves, the key
parameters as certificates carry them."""

from __future__ import annotations

import pytest
from asn1crypto import cms

from ctb_desktop.exchange.kep.binary_field import BinaryField
from ctb_desktop.exchange.kep.curves import NAMED_CURVE_ARC, named_curve
from ctb_desktop.exchange.kep.dstu4145 import Curve, MalformedSignatureError, verify_digest
from ctb_desktop.exchange.kep.gost34311 import DKE_1
from ctb_desktop.exchange.kep.keys import DstuKeyError, read_public_key
from ctb_desktop.exchange.signature_certificate import dstu_key
from tests.exchange.dstu_signing import CURVE, compress, public_point, sign_digest
from tests.exchange.kep.test_hashes import SAMPLES

# The example of ДСТУ 4145-2002, annex Б: curve over GF(2^163), key d, hash, signature.
EXAMPLE = Curve(
    BinaryField(163, (3, 6, 7)),
    1,
    0x5FF6108462A2DC8210AB403925E638A19C1455D21,
    0x400000000000000000002BEC12BE2262D39BCF14D,
    (0x72D867F93A93AC27DF9FF01AFFE74885C8C540420, 0x0224A9C3947852B97C5599D5F4AB81122ADC3FD9B),
)
D = 0x183F60FDF7951FF47D67193F8D073790C1C9B5A3E
DP = (0x57DE7FDE023FF929CB6AC785CE4B79CF64ABDC2DA, 0x695B3B9D26830943133078EF19FE8A8814F8F7B70)
H = 0x09C9C44277910C9AAEE486883A2EB95B7180166DDF73532EEB76EDAEF52247FF & ((1 << 163) - 1)
R = 0x274EA2C0CAA014A0D80A424F59ADE7A93068D08A7
S = 0x2100D86957331832B8E8C230F5BD6A332B3615ACA


def test_the_standards_example_point_and_signature():
    assert EXAMPLE.contains(EXAMPLE.base)
    assert EXAMPLE.multiply(D, EXAMPLE.base) == DP
    public = EXAMPLE.negate(DP)  # Q = −dP
    assert EXAMPLE.verify(public, H, R, S)
    assert not EXAMPLE.verify(public, H ^ 1, R, S)
    assert not EXAMPLE.verify(public, H, R ^ 1, S)
    assert not EXAMPLE.verify(public, H, R, S ^ 1)
    assert not EXAMPLE.verify(public, H, R, EXAMPLE.n + 5)


@pytest.mark.parametrize("number", range(10))
def test_every_named_curve_has_its_base_point_of_order_n(number):
    curve = named_curve(f"{NAMED_CURVE_ARC}{number}")
    assert curve is not None
    assert curve.field.m in (163, 167, 173, 179, 191, 233, 257, 307, 367, 431)
    assert curve.contains(curve.base)
    assert curve.multiply(curve.n, curve.base) is None
    assert curve.multiply(curve.n - 1, curve.base) == curve.negate(curve.base)


def test_an_unknown_curve_oid_is_none():
    assert named_curve(NAMED_CURVE_ARC + "10") is None
    assert named_curve("1.2.3") is None


def test_a_compressed_point_comes_back_by_the_trace():
    point = public_point()
    x, y = point
    compressed = int.from_bytes(compress(point), "little")
    field = CURVE.field
    assert compressed & 1 == field.trace(field.mul(y, field.inverse(x)))  # §6.9, not y's bit
    assert CURVE.decompress(compressed) == point
    # The other y of the same x is chosen by the other trace bit, not by y's lowest bit.
    assert CURVE.decompress(compressed ^ 1) == CURVE.negate(point)
    assert CURVE.negate(point) != point


def test_a_point_off_the_curve_is_refused():
    field = CURVE.field
    off = next(
        x
        for x in range(2, 200)
        if field.trace(x ^ field.mul(CURVE.b, field.inverse(field.square(x))))
    )
    with pytest.raises(MalformedSignatureError):
        CURVE.decompress(off)


def test_little_endian_r_s_and_the_octet_string_wrapper():
    digest = bytes(range(32))
    signature = sign_digest(digest)
    point = public_point()
    assert verify_digest(CURVE, point, digest, signature)
    assert verify_digest(CURVE, point, digest, b"\x04" + bytes([len(signature)]) + signature)
    assert not verify_digest(CURVE, point, digest[::-1], signature)
    flipped = bytearray(signature)
    flipped[3] ^= 0x10
    assert not verify_digest(CURVE, point, digest, bytes(flipped))
    with pytest.raises(MalformedSignatureError):
        verify_digest(CURVE, point, digest, signature[:-1])


def test_a_long_digest_is_cut_to_the_field_size():
    digest = bytes(range(64))  # «Купина-512»: 512 bits for a 257-bit field
    signature = sign_digest(digest)
    assert verify_digest(CURVE, public_point(), digest, signature)
    cut = digest[:32] + bytes([digest[32] & 1])  # the low 257 bits are what is signed
    assert verify_digest(CURVE, public_point(), cut, signature)


def test_explicit_curve_parameters_from_a_certificate():
    """The «Дія» test certificate spells the 257-bit curve out (ECBinary) with ДКЕ №1."""
    signed = cms.ContentInfo.load((SAMPLES / "uapki" / "cades-bes-detached.p7s").read_bytes())
    certificate = signed["content"]["certificates"][0].chosen
    key = dstu_key(certificate)
    assert (key.curve.field.m, key.curve.field.exponents, key.curve.a) == (257, (12,), 0)
    assert (key.curve.b, key.curve.n, key.curve.base) == (CURVE.b, CURVE.n, CURVE.base)
    assert key.sbox == DKE_1
    assert key.curve.contains(key.point)


def test_broken_key_parameters_are_refused_in_ukrainian():
    with pytest.raises(DstuKeyError, match="не розбираються"):
        read_public_key(b"\x30\x03\x02\x01\x00", b"\x04\x01\x00")
