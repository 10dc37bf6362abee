"""КЕП-like signatures made at test time, so no binary fixture is committed or goes stale.

`cryptography` makes the certificates and the PKCS#7 signatures the way a signing tool does;
tests/exchange/dstu_signing.py makes ДСТУ 4145 ones.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

NAME = "Олена Петренко"
ORGANISATION = "Смілянська районна державна адміністрація"
POSITION = "Головний спеціаліст"
TAX_NUMBER = "TINUA-1234567890"
ISSUER = "Тестовий КНЕДП"
CERT_SERIAL = 0x5E984D526F82F38F04000000A1B2C3D4
XADES_TIME = datetime(2025, 1, 20, 9, 30, tzinfo=UTC)
ASIC_E = b"application/vnd.etsi.asic-e+zip"


@dataclass(frozen=True)
class Signer:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


@cache
def make_signer(name: str = NAME, organisation: str = ORGANISATION, *, key: str = "rsa") -> Signer:
    """A self-signed certificate shaped like a КЕП one (cached: RSA keys are slow to make)."""
    private_key = (
        ec.generate_private_key(ec.SECP256R1())
        if key == "ec"
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.TITLE, POSITION),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, TAX_NUMBER),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "UA"),
        ]
    )
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(private_key.public_key())
        .serial_number(CERT_SERIAL)
        .not_valid_before(datetime(2024, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2030, 1, 1, tzinfo=UTC))
        .sign(private_key, hashes.SHA256())
    )
    return Signer(certificate, private_key)


def sign_detached(
    document: bytes,
    signer: Signer | None = None,
    *,
    attached: bool = False,
    pem: bool = False,
    pss: bool = False,
    options: Iterable[pkcs7.PKCS7Options] = (),
) -> bytes:
    """A .p7s with signingTime and messageDigest signed attributes, as a signing tool writes;
    `options` adds others, such as NoAttributes or NoCerts."""
    signer = signer or make_signer()
    options = [pkcs7.PKCS7Options.Binary, *options]
    if not attached:
        options.append(pkcs7.PKCS7Options.DetachedSignature)
    rsa_padding = padding.PSS(padding.MGF1(hashes.SHA256()), 32) if pss else None
    encoding = serialization.Encoding.PEM if pem else serialization.Encoding.DER
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(document)
        .add_signer(signer.certificate, signer.key, hashes.SHA256(), rsa_padding=rsa_padding)
        .sign(encoding, options)
    )


def corrupt_signature(p7s: bytes) -> bytes:
    """The same .p7s with one bit of the signer's signature value flipped."""
    info = cms.ContentInfo.load(p7s)
    signer = info["content"]["signer_infos"][0]
    value = bytearray(signer["signature"].native)
    value[len(value) // 2] ^= 0x01
    signer["signature"] = bytes(value)
    return info.dump(force=True)


def make_asice(
    document: bytes,
    document_name: str = "report.docx",
    signer: Signer | None = None,
    *,
    tamper: bool = False,
    cades: bool = False,
) -> bytes:
    """An ASiC-E container, XAdES (or CAdES over an ASiCManifest with `cades`).

    With `tamper` the document inside is changed after its digest was signed."""
    signer = signer or make_signer()
    digest = base64.b64encode(hashlib.sha256(document).digest()).decode()
    uri = quote(document_name)
    if cades:
        manifest = _MANIFEST.format(uri=uri, digest=digest).encode()
        signature = {
            "META-INF/ASiCManifest.xml": manifest,
            "META-INF/signature.p7s": sign_detached(manifest, signer),
        }
    else:
        xades = _XADES.format(
            uri=uri,
            digest=digest,
            certificate=base64.b64encode(signer.der).decode(),
            time=XADES_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        signature = {"META-INF/signatures0.xml": xades.encode()}
    stored = document + b" (changed)" if tamper else document
    return zip_container({document_name: stored, **signature})


def zip_container(files: dict[str, bytes], mimetype: bytes | None = ASIC_E) -> bytes:
    """A zip with `mimetype` first and stored, as ASiC wants, then the files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# The SignatureValue is dummy: the checker reads XAdES but cannot canonicalise it to verify.
_XADES = """<?xml version="1.0" encoding="UTF-8"?>
<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#">
  <ds:Signature Id="S0">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
      <ds:Reference Id="R0" URI="{uri}">
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue>{digest}</ds:DigestValue>
      </ds:Reference>
      <ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#S0-SP">
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue>AAAA</ds:SignatureValue>
    <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo>
    <ds:Object>
      <xades:QualifyingProperties Target="#S0">
        <xades:SignedProperties Id="S0-SP">
          <xades:SignedSignatureProperties>
            <xades:SigningTime>{time}</xades:SigningTime>
          </xades:SignedSignatureProperties>
        </xades:SignedProperties>
      </xades:QualifyingProperties>
    </ds:Object>
  </ds:Signature>
</asic:XAdESSignatures>
"""

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <asic:SigReference URI="META-INF/signature.p7s" MimeType="application/pkcs7-signature"/>
  <asic:DataObjectReference URI="{uri}">
    <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
    <ds:DigestValue>{digest}</ds:DigestValue>
  </asic:DataObjectReference>
</asic:ASiCManifest>
"""
