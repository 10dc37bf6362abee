"""The digests a КЕП signature may use, by OID: their names for the clerk and the function
that computes each — hashlib's for SHA-1/2/3, ours for ГОСТ 34.311-95 and «Купина»."""

from __future__ import annotations

import hashlib

from ctb_desktop.exchange.kep.gost34311 import DKE_1, gost34311
from ctb_desktop.exchange.kep.kupyna import kupyna

GOST_34311 = "1.2.804.2.1.1.1.1.2.1"
KUPYNA = "1.2.804.2.1.1.1.1.2.2."

# Digest OID → (name shown to the clerk, hashlib name; "" when computed here).
DIGESTS: dict[str, tuple[str, str]] = {
    "1.3.14.3.2.26": ("SHA-1", "sha1"),
    "2.16.840.1.101.3.4.2.4": ("SHA-224", "sha224"),
    "2.16.840.1.101.3.4.2.1": ("SHA-256", "sha256"),
    "2.16.840.1.101.3.4.2.2": ("SHA-384", "sha384"),
    "2.16.840.1.101.3.4.2.3": ("SHA-512", "sha512"),
    "2.16.840.1.101.3.4.2.8": ("SHA3-256", "sha3_256"),
    "2.16.840.1.101.3.4.2.9": ("SHA3-384", "sha3_384"),
    "2.16.840.1.101.3.4.2.10": ("SHA3-512", "sha3_512"),
    GOST_34311: ("ДСТУ ГОСТ 34.311-95", ""),
    KUPYNA + "1": ("ДСТУ 7564:2014 (Купина-256)", ""),
    KUPYNA + "2": ("ДСТУ 7564:2014 (Купина-384)", ""),
    KUPYNA + "3": ("ДСТУ 7564:2014 (Купина-512)", ""),
}
_KUPYNA_BITS = {KUPYNA + "1": 256, KUPYNA + "2": 384, KUPYNA + "3": 512}
# XML-DSig DigestMethod URIs → the OIDs above ("urn:oid:…" URIs name the OID themselves).
XML_DIGESTS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "1.3.14.3.2.26",
    "http://www.w3.org/2001/04/xmldsig-more#sha224": "2.16.840.1.101.3.4.2.4",
    "http://www.w3.org/2001/04/xmlenc#sha256": "2.16.840.1.101.3.4.2.1",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "2.16.840.1.101.3.4.2.2",
    "http://www.w3.org/2001/04/xmlenc#sha512": "2.16.840.1.101.3.4.2.3",
    "http://www.w3.org/2001/04/xmlenc#gost34311": GOST_34311,
    "http://www.w3.org/2001/04/xmlenc#dstu7564-256": KUPYNA + "1",
}


def digest_name(oid: str) -> str:
    if oid in DIGESTS:
        return DIGESTS[oid][0]
    return "ДСТУ 7564:2014 (Купина)" if oid.startswith(KUPYNA) else oid


def compute(oid: str, data: bytes, sbox: bytes = DKE_1) -> bytes | None:
    """The digest of `data` by the algorithm `oid`, or None for an algorithm not known here.
    `sbox` is the ГОСТ 28147 S-box for ГОСТ 34.311 (the signer key's own, if it has one)."""
    if oid == GOST_34311:
        return gost34311(data, sbox)
    if oid in _KUPYNA_BITS:
        return kupyna(data, _KUPYNA_BITS[oid])
    hash_name = DIGESTS.get(oid, ("", ""))[1]
    return hashlib.new(hash_name, data).digest() if hash_name else None
