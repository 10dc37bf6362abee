"""A ДСТУ 4145 public key as an X.509 certificate carries it: the algorithm's parameters name
one of the standard curves or spell one out (ECBinary), may carry the key's own ГОСТ 28147
S-box (DKE), and the key is a compressed point, little-endian, inside an OCTET STRING."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from asn1crypto import core

from ctb_desktop.exchange.kep.binary_field import BinaryField
from ctb_desktop.exchange.kep.curves import named_curve
from ctb_desktop.exchange.kep.dstu4145 import Curve, MalformedSignatureError, verify_digest
from ctb_desktop.exchange.kep.gost34311 import DKE_1


class _Pentanomial(core.Sequence):
    _fields: ClassVar = [("k", core.Integer), ("j", core.Integer), ("l", core.Integer)]


class _Polynomial(core.Choice):
    _alternatives: ClassVar = [("trinomial", core.Integer), ("pentanomial", _Pentanomial)]


class _Field(core.Sequence):
    _fields: ClassVar = [("m", core.Integer), ("polynomial", _Polynomial)]


class ECBinary(core.Sequence):
    """An explicit curve: b and the base point little-endian, the point compressed."""

    _fields: ClassVar = [
        ("version", core.Integer, {"explicit": 0, "default": 0}),
        ("field", _Field),
        ("a", core.Integer),
        ("b", core.OctetString),
        ("n", core.Integer),
        ("bp", core.OctetString),
    ]


class _Definition(core.Choice):
    _alternatives: ClassVar = [("ecbinary", ECBinary), ("named_curve", core.ObjectIdentifier)]


class DstuParameters(core.Sequence):
    _fields: ClassVar = [
        ("definition", _Definition),
        ("dke", core.OctetString, {"optional": True}),
    ]


class DstuKeyError(ValueError):
    """The key or its parameters cannot be used; the message says why (in Ukrainian)."""


@dataclass(frozen=True)
class DstuPublicKey:
    curve: Curve
    point: tuple[int, int]
    sbox: bytes  # the ГОСТ 28147 S-box for ГОСТ 34.311 with this key (ДКЕ №1 unless given)
    curve_name: str  # "257 біт" or the like, for the notes

    def verify(self, digest: bytes, signature: bytes) -> bool:
        try:
            return verify_digest(self.curve, self.point, digest, signature)
        except MalformedSignatureError:
            return False


def _curve_from_ecbinary(spec: ECBinary) -> Curve:
    m = spec["field"]["m"].native
    polynomial = spec["field"]["polynomial"]
    if polynomial.name == "trinomial":
        exponents: tuple[int, ...] = (polynomial.native,)
    else:
        exponents = tuple(sorted(polynomial.chosen.native.values()))
    a = spec["a"].native
    if not 100 < m < 1024 or a not in (0, 1) or m % 2 == 0:
        raise DstuKeyError(f"непідтримувані параметри кривої (m = {m}, A = {a})")
    field = BinaryField(m, exponents)
    b = int.from_bytes(spec["b"].native, "little")
    n = spec["n"].native
    partial = Curve(field, a, b, n, (0, 0))
    try:
        base = partial.decompress(int.from_bytes(spec["bp"].native, "little"))
    except MalformedSignatureError as error:
        raise DstuKeyError("базова точка кривої не лежить на кривій") from error
    return Curve(field, a, b, n, base)


def read_public_key(parameters: bytes, public_key: bytes) -> DstuPublicKey:
    """The key from the DER of the algorithm's parameters and the BIT STRING's contents."""
    try:
        params = DstuParameters.load(parameters)
        definition = params["definition"]
        if definition.name == "named_curve":
            oid = definition.chosen.dotted
            curve = named_curve(oid)
            if curve is None:
                raise DstuKeyError(f"невідома крива ДСТУ 4145 ({oid})")
        else:
            curve = _curve_from_ecbinary(definition.chosen)
        dke = params["dke"].native if params["dke"].native is not None else DKE_1
        if len(dke) != 64:
            raise DstuKeyError("таблиця замін (ДКЕ) у параметрах ключа має не 64 байти")
        compressed = core.OctetString.load(public_key).native
        point = curve.decompress(int.from_bytes(compressed, "little"))
    except MalformedSignatureError as error:
        raise DstuKeyError("відкритий ключ не лежить на кривій") from error
    except (ValueError, TypeError, KeyError) as error:
        if isinstance(error, DstuKeyError):
            raise
        raise DstuKeyError("параметри ключа ДСТУ 4145 не розбираються") from error
    return DstuPublicKey(curve, point, dke, f"{curve.field.m} біт")
