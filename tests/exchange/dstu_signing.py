"""ДСТУ 4145-2002 signatures made at test time (the app itself only verifies): a key on the
standard 257-bit curve, a certificate carrying it, and a CMS signed with ГОСТ 34.311 or
«Купина» — so Kupyna signatures, a key's own S-box and missing certificates can be tested,
which no shared sample covers."""

from __future__ import annotations

import secrets
from datetime import datetime

from asn1crypto import cms, core, keys, tsp
from asn1crypto import x509 as asn1_x509

from ctb_desktop.exchange.kep.curves import DSTU4145_PB, NAMED_CURVE_ARC, named_curve
from ctb_desktop.exchange.kep.dstu4145 import Curve, hash_to_field
from ctb_desktop.exchange.kep.gost34311 import DKE_1
from ctb_desktop.exchange.kep.keys import DstuParameters
from ctb_desktop.exchange.signature_digests import GOST_34311, compute
from tests.exchange.signing import XADES_TIME, make_signer

CURVE_OID = NAMED_CURVE_ARC + "6"  # the 257-bit curve most Ukrainian keys use
CURVE: Curve = named_curve(CURVE_OID)  # type: ignore[assignment]
PRIVATE = 0x2A4F0C9E17D35B6A1C3E5F7091B2D4E6F8A1C3E5F7092B4D6E8F0A1C3E5F709  # < n
# Another S-box than ДКЕ №1 (its rows reversed), for a key whose parameters carry their own.
OTHER_SBOX = b"".join(DKE_1[row : row + 8] for row in range(56, -1, -8))


def public_point() -> tuple[int, int]:
    return CURVE.negate(CURVE.multiply(PRIVATE, CURVE.base))  # Q = −dP


def compress(point: tuple[int, int]) -> bytes:
    f = CURVE.field
    x, y = point
    bit = f.trace(f.mul(y, f.inverse(x)))
    return ((x & ~1) | bit).to_bytes(f.size, "little")


def sign_digest(digest: bytes) -> bytes:
    """r‖s little-endian, each as long as n."""
    n, f = CURVE.n, CURVE.field
    h = hash_to_field(digest, f.m)
    while True:
        e = secrets.randbelow(n - 1) + 1
        point = CURVE.multiply(e, CURVE.base)
        assert point is not None
        r = f.mul(h, point[0]) & ((1 << (n.bit_length() - 1)) - 1)
        s = (e + PRIVATE * r) % n
        if r and s:
            size = (n.bit_length() + 7) // 8
            return r.to_bytes(size, "little") + s.to_bytes(size, "little")


def dstu_certificate(sbox: bytes = DKE_1) -> asn1_x509.Certificate:
    """The test signer's certificate with its key swapped for the ДСТУ 4145 one."""
    certificate = asn1_x509.Certificate.load(make_signer().der)
    tbs = certificate["tbs_certificate"]
    params = DstuParameters(
        {"definition": {"named_curve": CURVE_OID}, "dke": sbox if sbox != DKE_1 else None}
    )
    spki = core.Sequence(
        contents=core.Sequence(
            contents=core.ObjectIdentifier(DSTU4145_PB).dump() + params.dump()
        ).dump()
        + core.OctetBitString(core.OctetString(compress(public_point())).dump()).dump()
    )
    # Built as raw DER: asn1crypto's PublicKeyInfo refuses an algorithm it does not know.
    tbs["subject_public_key_info"] = keys.PublicKeyInfo.load(spki.dump())
    tbs["signature"] = {"algorithm": DSTU4145_PB}
    return asn1_x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": {"algorithm": DSTU4145_PB},
            "signature_value": bytes(64),
        }
    )


def _signer_info(
    certificate: asn1_x509.Certificate, digest_oid: str, attrs: list, content: bytes, sbox: bytes
) -> dict:
    signed_attrs = cms.CMSAttributes(
        [*attrs, {"type": "message_digest", "values": [compute(digest_oid, content, sbox)]}]
    )
    to_sign = b"\x31" + signed_attrs.dump()[1:]
    sid = {"issuer": certificate.issuer, "serial_number": certificate.serial_number}
    return {
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": sid}),
        "digest_algorithm": {"algorithm": digest_oid},
        "signed_attrs": signed_attrs,
        "signature_algorithm": {"algorithm": DSTU4145_PB},
        "signature": sign_digest(compute(digest_oid, to_sign, sbox) or b""),
    }


def timestamp_token(imprint_of: bytes, time: datetime, *, with_certificate: bool = True) -> bytes:
    """An RFC 3161 token over `imprint_of` (ГОСТ 34.311), signed by the test key as a
    timestamp service would be."""
    info = tsp.TSTInfo(
        {
            "version": "v1",
            "policy": "1.2.804.2.1.1.1.2.3.1",
            "message_imprint": {
                "hash_algorithm": {"algorithm": GOST_34311},
                "hashed_message": compute(GOST_34311, imprint_of),
            },
            "serial_number": 7,
            "gen_time": time,
        }
    )
    content = info.dump()
    certificate = dstu_certificate()
    attrs = [{"type": "content_type", "values": ["tst_info"]}]
    signed_data = {
        "version": "v3",
        "digest_algorithms": [{"algorithm": GOST_34311}],
        "encap_content_info": {"content_type": "tst_info", "content": info},
        "certificates": [certificate] if with_certificate else [],
        "signer_infos": [_signer_info(certificate, GOST_34311, attrs, content, DKE_1)],
    }
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


def dstu_signature(
    document: bytes,
    digest_oid: str,
    *,
    sbox: bytes = DKE_1,
    with_certificate: bool = True,
    attached: bool = False,
    signing_time: datetime | None = XADES_TIME,
    stamped_at: datetime | None = None,
) -> bytes:
    """A CMS as a Ukrainian tool writes it: ДСТУ 4145 key, the given ДСТУ digest; with
    `stamped_at`, a signature timestamp token too (CAdES-T)."""
    certificate = dstu_certificate(sbox)
    attrs: list = [{"type": "content_type", "values": ["data"]}]
    if signing_time is not None:
        attrs.append({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]})
    signer_info = _signer_info(certificate, digest_oid, attrs, document, sbox)
    if stamped_at is not None:
        token = cms.ContentInfo.load(timestamp_token(signer_info["signature"], stamped_at))
        signer_info["unsigned_attrs"] = [{"type": "signature_time_stamp_token", "values": [token]}]
    encap = {"content_type": "data", "content": document} if attached else {"content_type": "data"}
    signed_data = {
        "version": "v1",
        "digest_algorithms": [{"algorithm": digest_oid}],
        "encap_content_info": encap,
        "certificates": [certificate] if with_certificate else [],
        "signer_infos": [signer_info],
    }
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
