"""Reading the КЕП signature of a report: who signed it, when, and whether it fits the document.

Clerks sign `report.docx` in their own signing tool (Дія, ІІТ «Користувач ЦСК» and the like),
which writes a CMS/PKCS#7 `.p7s` or an ASiC-E `.asice` container; the app keeps the signature
beside the package. Qualified Ukrainian signatures use ДСТУ 4145 keys and the ДСТУ ГОСТ 34.311
or Купина hashes, which no well-kept Python library computes. So this module checks only what
it can check honestly — the signer the certificate names, the signing time, the document's
digest when it is a SHA one, the signature value for RSA and ECDSA keys — and says in `notes`
what it did not check. It never stands in for the signing tool's full verification.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from asn1crypto import algos, cms, core, keys, pem, x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from ctb_desktop.domain.errors import UserError

MiB = 1024 * 1024
# A signed report is a few megabytes: these only stop a broken or hostile file eating memory.
MAX_FILE = 64 * MiB
MAX_ENTRIES = 64
MAX_UNPACKED = 128 * MiB

ASIC_MIMETYPES = (b"application/vnd.etsi.asic-e+zip", b"application/vnd.etsi.asic-s+zip")
DS = "{http://www.w3.org/2000/09/xmldsig#}"
ASIC = "{http://uri.etsi.org/02918/v1.2.1#}"

# Digest OID → (name shown to the clerk, hashlib name or None when nothing here computes it).
_DIGESTS: dict[str, tuple[str, str | None]] = {
    "1.3.14.3.2.26": ("SHA-1", "sha1"),
    "2.16.840.1.101.3.4.2.4": ("SHA-224", "sha224"),
    "2.16.840.1.101.3.4.2.1": ("SHA-256", "sha256"),
    "2.16.840.1.101.3.4.2.2": ("SHA-384", "sha384"),
    "2.16.840.1.101.3.4.2.3": ("SHA-512", "sha512"),
    "2.16.840.1.101.3.4.2.8": ("SHA3-256", "sha3_256"),
    "2.16.840.1.101.3.4.2.9": ("SHA3-384", "sha3_384"),
    "2.16.840.1.101.3.4.2.10": ("SHA3-512", "sha3_512"),
    "1.2.804.2.1.1.1.1.2.1": ("ДСТУ ГОСТ 34.311-95", None),
    "1.2.804.2.1.1.1.1.2.2.1": ("ДСТУ 7564:2014 (Купина-256)", None),
    "1.2.804.2.1.1.1.1.2.2.2": ("ДСТУ 7564:2014 (Купина-384)", None),
    "1.2.804.2.1.1.1.1.2.2.3": ("ДСТУ 7564:2014 (Купина-512)", None),
}
_KUPYNA = "1.2.804.2.1.1.1.1.2.2."
_DSTU_4145 = "1.2.804.2.1.1.1.1.3."
_COMPUTABLE = {name for name, hash_name in _DIGESTS.values() if hash_name}
# XML-DSig DigestMethod URIs → the OIDs above ("urn:oid:…" URIs name the OID themselves).
_XML_DIGESTS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "1.3.14.3.2.26",
    "http://www.w3.org/2001/04/xmldsig-more#sha224": "2.16.840.1.101.3.4.2.4",
    "http://www.w3.org/2001/04/xmlenc#sha256": "2.16.840.1.101.3.4.2.1",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "2.16.840.1.101.3.4.2.2",
    "http://www.w3.org/2001/04/xmlenc#sha512": "2.16.840.1.101.3.4.2.3",
    "http://www.w3.org/2001/04/xmlenc#gost34311": "1.2.804.2.1.1.1.1.2.1",
    "http://www.w3.org/2001/04/xmlenc#dstu7564-256": "1.2.804.2.1.1.1.1.2.2.1",
}
_KEY_NAMES = {"rsa": "RSA", "rsassa_pss": "RSA-PSS", "ec": "ECDSA", "dsa": "DSA"}
_SIGNATURE_FILE = re.compile(r"META-INF/[^/]*signature[^/]*\.(xml|p7s)", re.IGNORECASE)
_MANIFEST_FILE = re.compile(r"META-INF/[^/]*ASiCManifest[^/]*\.xml", re.IGNORECASE)
# What asn1crypto raises for bytes that are not the structure it was asked to read.
_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)
_ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error)

NOTE_CHAIN = (
    "Ланцюжок сертифіката до кваліфікованого надавача (КНЕДП/АЦСК), строк його дії "
    "та відкликання тут не перевірялися: без зв'язку з надавачем цього не зробити."
)


class _KeyInfo(core.Sequence):
    """SubjectPublicKeyInfo with the key left as bits: asn1crypto's own PublicKeyInfo fails on
    any field of it when the algorithm is one it does not know, as ДСТУ 4145 is."""

    _fields: ClassVar = [("algorithm", keys.PublicKeyAlgorithm), ("public_key", core.BitString)]


class SignatureError(UserError):
    """The file is not a КЕП signature at all, or cannot be read; the message names it."""


def _not_signature(name: str, reason: str) -> SignatureError:
    return SignatureError(f"Файл «{name}» не є підписом КЕП (CMS/PKCS#7 або ASiC-E): {reason}.")


@dataclass
class SignatureCheck:
    """What one signature says and what of it was checked; `notes` tell the rest."""

    signer_name: str
    organisation: str = ""
    position: str = ""
    tax_number: str = ""
    certificate_serial: str = ""
    issuer: str = ""
    signing_time: datetime | None = None
    digest_algorithm: str = ""
    digest_checked: bool = False
    digest_matches: bool | None = None
    signature_checked: bool = False
    signature_valid: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool | None:
        """False when something failed, True when the document's digest matched, else None."""
        if self.digest_matches is False or self.signature_valid is False:
            return False
        return self.digest_matches

    @property
    def verdict(self) -> str:
        """One line for a table cell."""
        if self.signature_valid is False:
            return "Підпис недійсний для цього документа!"
        if self.digest_matches is False:
            return "Документ змінено після підписання!"
        if self.digest_matches:
            return "Підпис відповідає документу"
        if self.digest_algorithm and self.digest_algorithm not in _COMPUTABLE:
            return f"Відповідність документу не перевірено (алгоритм {self.digest_algorithm})"
        return "Відповідність документу не перевірено"

    def summary_dict(self) -> dict[str, Any]:
        """A JSON-safe record, stored beside a received package."""
        data = asdict(self)
        data["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return data

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> SignatureCheck:
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values.setdefault("signer_name", "")
        if values.get("signing_time"):
            values["signing_time"] = datetime.fromisoformat(values["signing_time"])
        values["notes"] = list(values.get("notes") or [])
        return cls(**values)


def check_signature_file(
    signature: bytes, signature_name: str, document: bytes, document_name: str = "report.docx"
) -> SignatureCheck:
    """Read a .p7s (DER, PEM or Base64) or an ASiC-E container and check it against `document`."""
    if not signature.strip():
        raise _not_signature(signature_name, "файл порожній")
    if len(signature) > MAX_FILE:
        raise _not_signature(signature_name, f"файл завеликий (понад {MAX_FILE // MiB} МБ)")
    if signature.startswith(b"PK"):
        check = _check_asic(signature, signature_name, document, _nfc(document_name))
    else:
        signed = _read_cms(_cms_der(signature, signature_name), signature_name)
        check = _check_p7s(signed, document)
    check.notes.append(NOTE_CHAIN)
    return check


# --- CMS (.p7s) ------------------------------------------------------------------------------


@dataclass
class _Signed:
    """The first SignerInfo of a CMS, read out of ASN.1 into plain values."""

    check: SignatureCheck  # the signer and the signing time filled in
    digest_oid: str
    message_digest: bytes | None
    signed_attrs: bytes | None  # DER as signed: tagged SET OF, not [0]
    signature: bytes
    key_name: str
    verify: Callable[[bytes, bytes], None] | None  # raises InvalidSignature
    content: bytes | None  # the document, when the CMS holds it (attached)


def _cms_der(data: bytes, name: str) -> bytes:
    """DER from a .p7s as signing tools write it: DER, PEM or bare Base64."""
    if data[:1] == b"\x30":
        return data
    text = data.removeprefix(b"\xef\xbb\xbf").strip()
    try:
        if pem.detect(text):
            return pem.unarmor(text)[2]
        return base64.b64decode(b"".join(text.split()), validate=True)
    except (ValueError, binascii.Error) as error:
        raise _not_signature(name, "це не DER і не текст PEM/Base64") from error


def _read_cms(der: bytes, name: str) -> _Signed:
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise _not_signature(name, f"у ньому CMS типу «{info['content_type'].native}»")
        signed_data = info["content"]
        signers = list(signed_data["signer_infos"])
        if not signers:
            raise _not_signature(name, "у ньому немає жодного підписувача")
        signer = signers[0]
        certificate = _signer_certificate(signed_data, signer)
        check = _identity(certificate)
        if len(signers) > 1:
            check.notes.append(f"Підписів у файлі {len(signers)}; перевірено лише перший.")
        attrs = _signed_attributes(signer["signed_attrs"])
        if signer["signed_attrs"] and "message_digest" not in attrs:
            raise _not_signature(name, "у підписаних атрибутах немає гешу (messageDigest)")
        check.signing_time = attrs.get("signing_time")
        digest_oid = signer["digest_algorithm"]["algorithm"].dotted
        content = signed_data["encap_content_info"]["content"]
        return _Signed(
            check=check,
            digest_oid=digest_oid,
            message_digest=attrs.get("message_digest"),
            # What was signed is the attributes' DER with the SET OF tag, not the [0] one.
            signed_attrs=b"\x31" + signer["signed_attrs"].dump()[1:] if attrs else None,
            signature=signer["signature"].native,
            key_name=_key_name(certificate),
            verify=_verifier(certificate, signer["signature_algorithm"], digest_oid),
            content=None if isinstance(content, core.Void) else bytes(content),
        )
    except _ASN1_ERRORS as error:
        raise _not_signature(name, "його структуру ASN.1 не вдалося розібрати") from error


def _signed_attributes(attrs: cms.CMSAttributes) -> dict[str, Any]:
    """messageDigest and signingTime; other attributes are left unparsed."""
    wanted = ("message_digest", "signing_time")
    found = {
        attr["type"].native: attr["values"][0].native
        for attr in attrs or ()
        if attr["type"].native in wanted
    }
    if not isinstance(found.get("message_digest", b""), bytes):
        raise ValueError("messageDigest is not an OCTET STRING")
    return found


def _signer_certificate(
    signed_data: cms.SignedData, signer: cms.SignerInfo
) -> x509.Certificate | None:
    """The certificate the SignerInfo names, if the tool put it in the file."""
    sid = signer["sid"]
    for choice in signed_data["certificates"] or ():
        certificate = choice.chosen
        if choice.name != "certificate":
            continue
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (certificate.issuer, certificate.serial_number) == (
                wanted["issuer"],
                wanted["serial_number"].native,
            ):
                return certificate
        elif certificate.key_identifier == sid.chosen.native:
            return certificate
    return None


def _verifier(
    certificate: x509.Certificate | None, algorithm: algos.SignedDigestAlgorithm, digest_oid: str
) -> Callable[[bytes, bytes], None] | None:
    """A check of the signature value with the certificate's RSA or EC key; None for others."""
    hash_name = _DIGESTS.get(digest_oid, ("", None))[1]
    if certificate is None or hash_name is None or _key_name(certificate) not in ("RSA", "ECDSA"):
        return None
    try:
        key = serialization.load_der_public_key(certificate.public_key.dump())
    except (ValueError, UnsupportedAlgorithm):
        return None
    digest = getattr(hashes, hash_name.upper())()
    if isinstance(key, ec.EllipticCurvePublicKey):
        return lambda signature, data: key.verify(signature, data, ec.ECDSA(digest))
    if not isinstance(key, rsa.RSAPublicKey):
        return None
    scheme: padding.AsymmetricPadding = padding.PKCS1v15()
    if algorithm.signature_algo == "rsassa_pss":
        params = algorithm["parameters"]
        mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
        mgf = padding.MGF1(getattr(hashes, mgf_hash.upper())())
        scheme = padding.PSS(mgf, params["salt_length"].native)
    return lambda signature, data: key.verify(signature, data, scheme, digest)


def _check_p7s(signed: _Signed, document: bytes) -> SignatureCheck:
    check = signed.check
    if signed.content is None:
        _finish_digest(check, [_check_cms_digest(signed, document, "документа")])
        return check
    same = signed.content == document
    check.notes.append(
        "Документ вкладено в сам підпис; він "
        + ("збігається з документом звіту." if same else "ВІДРІЗНЯЄТЬСЯ від документа звіту.")
    )
    _finish_digest(check, [_check_cms_digest(signed, signed.content, "вкладеного документа"), same])
    return check


def _check_cms_digest(signed: _Signed, content: bytes, whose: str) -> bool | None:
    """Does `content` fit the CMS: its messageDigest, then the signature value over it."""
    check = signed.check
    if signed.message_digest is not None:
        matches = _compare_digest(check, signed.digest_oid, signed.message_digest, content, whose)
        data = signed.signed_attrs or b""
    else:
        check.digest_algorithm = _digest(signed.digest_oid)[0]
        check.notes.append(
            "У підписі немає підписаних атрибутів: документ пов'язаний з ним лише значенням "
            "підпису, тож відповідність документу показує лише перевірка значення підпису."
        )
        data, matches = content, None
    if signed.verify is None:
        if not signed.key_name:
            why = "сертифіката підписувача немає"
        elif signed.key_name in ("RSA", "ECDSA"):
            why = f"геш {check.digest_algorithm} тут не обчислюється"
        else:
            why = f"алгоритм {signed.key_name} є лише в засобах КЕП"
        check.notes.append(f"Значення підпису тут не перевірено криптографічно: {why}.")
        return matches
    check.signature_checked = True
    try:
        signed.verify(signed.signature, data)
        check.signature_valid = True
        check.notes.append(f"Значення підпису перевірено ключем сертифіката ({signed.key_name}).")
    except InvalidSignature:
        check.signature_valid = False
        check.notes.append("Значення підпису НЕ відповідає ключу сертифіката підписувача.")
    return check.signature_valid if matches is None else matches


# --- ASiC-E (.asice) -------------------------------------------------------------------------


def _check_asic(data: bytes, name: str, document: bytes, document_name: str) -> SignatureCheck:
    files = _unzip(data, name)
    mimetype = files.pop("mimetype", None)
    if mimetype is not None and mimetype.strip() not in ASIC_MIMETYPES:
        shown = mimetype.strip()[:60].decode("ascii", "replace")
        raise _not_signature(name, f"це zip-архів з типом «{shown}», а не контейнер ASiC")
    signatures = sorted(entry for entry in files if _SIGNATURE_FILE.fullmatch(entry))
    if not signatures:
        raise _not_signature(name, "у zip-архіві немає META-INF/signatures*.xml чи signature*.p7s")
    objects = {path: data for path, data in files.items() if not path.startswith("META-INF/")}
    target_name = _find_document(objects, document, document_name)
    target = objects.get(target_name, document)
    first = signatures[0]
    if first.lower().endswith(".xml"):
        check, results = _check_xades(_xml(files[first], first, name), name, target_name, target)
    else:
        check, results = _check_cades(files, first, name, target_name, target)
    if len(signatures) > 1:
        check.notes.append(f"Підписів у контейнері {len(signatures)}; перевірено «{first}».")
    if target_name not in objects:
        listed = ", ".join(f"«{entry}»" for entry in objects) or "жодного"
        check.notes.append(f"У контейнері немає документа звіту (є файли: {listed}).")
        results.append(False)
    elif target != document:
        check.notes.append(f"Файл «{target_name}» у контейнері ВІДРІЗНЯЄТЬСЯ від документа звіту.")
        results.append(False)
    elif target_name != document_name:
        check.notes.append(f"Документ звіту лежить у контейнері під назвою «{target_name}».")
    _finish_digest(check, results)
    return check


def _unzip(data: bytes, name: str) -> dict[str, bytes]:
    """Every file of a small zip, refusing odd names, encryption, and too many or big files."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > MAX_ENTRIES:
                raise _not_signature(name, f"у контейнері забагато файлів ({len(infos)})")
            for info in infos:
                entry = _nfc(info.filename)
                if not _safe_entry(entry) or entry in files or info.flag_bits & 0x1:
                    raise _not_signature(name, f"недопустимий файл «{entry}» у контейнері")
                with archive.open(info) as stream:
                    files[entry] = stream.read(MAX_FILE + 1)
                total += len(files[entry])
                if len(files[entry]) > MAX_FILE or total > MAX_UNPACKED:
                    raise _not_signature(name, "вміст контейнера завеликий")
    except _ZIP_ERRORS as error:
        raise _not_signature(name, "zip-архів пошкоджено") from error
    return files


def _safe_entry(entry: str) -> bool:
    return not re.search(r"[\\:\x00]", entry) and all(
        part not in ("", ".", "..") for part in entry.split("/")
    )


def _find_document(objects: dict[str, bytes], document: bytes, document_name: str) -> str:
    """The signed file that is the report: by name, by content, or the only one there."""
    if document_name in objects:
        return document_name
    same = [entry for entry, content in objects.items() if content == document]
    if same or len(objects) == 1:
        return (same or list(objects))[0]
    return document_name


def _check_xades(
    root: Element, name: str, target_name: str, target: bytes
) -> tuple[SignatureCheck, list[bool | None]]:
    signatures = [root] if root.tag == f"{DS}Signature" else root.findall(f"{DS}Signature")
    if not signatures:
        raise _not_signature(name, "у підписі XAdES немає елемента ds:Signature")
    signature = signatures[0]
    certificate = signature.find(f".//{DS}X509Certificate")
    try:
        der = _base64(certificate.text) if certificate is not None else None
        check = _identity(x509.Certificate.load(der) if der else None)
    except _ASN1_ERRORS as error:
        raise _not_signature(name, "сертифікат у підписі XAdES пошкоджено") from error
    check.signing_time = _xml_time(signature.find(".//{*}SigningTime"))
    if len(signatures) > 1:
        check.notes.append(f"Підписів у файлі {len(signatures)}; перевірено лише перший.")
    references = signature.iterfind(f"{DS}SignedInfo/{DS}Reference")
    result = _check_reference(check, references, target_name, target, name)
    check.notes.append(
        "Значення підпису XAdES тут не перевірено криптографічно: для цього потрібна "
        "канонізація XML (Exclusive C14N), якої стандартна бібліотека Python не робить."
    )
    return check, [result]


def _check_cades(
    files: dict[str, bytes], p7s_name: str, name: str, target_name: str, target: bytes
) -> tuple[SignatureCheck, list[bool | None]]:
    """CAdES in ASiC-E: the .p7s signs an ASiCManifest holding the files' digests, or the file."""
    signed = _read_cms(_cms_der(files[p7s_name], f"{name}/{p7s_name}"), f"{name}/{p7s_name}")
    manifests = sorted(entry for entry in files if _MANIFEST_FILE.fullmatch(entry))
    parsed = {entry: _xml(files[entry], entry, name) for entry in manifests}
    own = [
        entry
        for entry, manifest in parsed.items()
        if _uri_name(manifest.find(f"{ASIC}SigReference"), "URI") == p7s_name
    ]
    manifest_name = (own or manifests or [None])[0]
    if manifest_name is None:
        return signed.check, [_check_cms_digest(signed, target, "документа")]
    results = [_check_cms_digest(signed, files[manifest_name], f"маніфесту «{manifest_name}»")]
    references = parsed[manifest_name].iterfind(f"{ASIC}DataObjectReference")
    results.append(_check_reference(signed.check, references, target_name, target, name))
    return signed.check, results


def _xml(data: bytes, entry: str, name: str) -> Element:
    try:
        return parse_xml(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise _not_signature(name, f"XML «{entry}» у ньому не розбирається") from error


def _check_reference(
    check: SignatureCheck,
    references: Iterable[Element],
    target_name: str,
    target: bytes,
    name: str,
) -> bool | None:
    """Compare the digest a ds:Reference (or asic:DataObjectReference) gives for the document."""
    element = next((ref for ref in references if _uri_name(ref, "URI") == target_name), None)
    if element is None:
        check.notes.append(f"Підпис не посилається на файл «{target_name}».")
        return False
    method, value = element.find(f"{DS}DigestMethod"), element.find(f"{DS}DigestValue")
    uri = (method.get("Algorithm", "") if method is not None else "").strip()
    oid = uri.removeprefix("urn:oid:") if uri.startswith("urn:oid:") else _XML_DIGESTS.get(uri, uri)
    try:
        signed_digest = _base64(value.text if value is not None else None)
    except ValueError as error:
        raise _not_signature(name, f"геш файлу «{target_name}» у підписі пошкоджено") from error
    return _compare_digest(check, oid, signed_digest, target, "документа")


def _base64(text: str | None) -> bytes:
    """Base64 text of an XML element; binascii.Error is a ValueError."""
    return base64.b64decode("".join((text or "").split()), validate=True)


def _uri_name(element: Element | None, attribute: str) -> str:
    uri = element.get(attribute, "") if element is not None else ""
    return _nfc(unquote(uri).removeprefix("./"))


def _xml_time(element: Element | None) -> datetime | None:
    try:
        return datetime.fromisoformat((element.text or "").strip()) if element is not None else None
    except ValueError:
        return None


# --- shared ----------------------------------------------------------------------------------


def _digest(oid: str) -> tuple[str, str | None]:
    if oid in _DIGESTS:
        return _DIGESTS[oid]
    return ("ДСТУ 7564:2014 (Купина)" if oid.startswith(_KUPYNA) else oid), None


def _compare_digest(
    check: SignatureCheck, oid: str, signed_digest: bytes, content: bytes, whose: str
) -> bool | None:
    name, hash_name = _digest(oid)
    check.digest_algorithm = check.digest_algorithm or name
    if hash_name is None:
        check.digest_algorithm = name
        check.notes.append(
            f"Геш {whose} за алгоритмом {name} тут не обчислюється, тому його відповідність "
            "підпису не перевірено."
        )
        return None
    matches = hashlib.new(hash_name, content).digest() == signed_digest
    check.notes.append(
        f"Геш {whose} ({name}) "
        + ("збігається з підписаним." if matches else "НЕ збігається з підписаним: вміст змінено.")
    )
    return matches


def _finish_digest(check: SignatureCheck, results: list[bool | None]) -> None:
    """All comparisons together: any mismatch fails, any unchecked one leaves it unchecked."""
    check.digest_matches = False if False in results else None if None in results else True
    check.digest_checked = check.digest_matches is not None


def _identity(certificate: x509.Certificate | None) -> SignatureCheck:
    if certificate is None:
        note = "Сертифіката підписувача у підписі немає: підписувача не видно."
        return SignatureCheck(signer_name="", notes=[note])
    subject, issuer = _attributes(certificate.subject), _attributes(certificate.issuer)
    full_name = " ".join(filter(None, (subject.get("surname"), subject.get("given_name"))))
    serial = f"{certificate.serial_number:X}"
    return SignatureCheck(
        signer_name=subject.get("common_name") or full_name,
        organisation=subject.get("organization_name", ""),
        position=subject.get("title", ""),
        tax_number=subject.get("serial_number", ""),
        certificate_serial=serial.zfill(len(serial) + len(serial) % 2),
        issuer=issuer.get("common_name") or issuer.get("organization_name", ""),
    )


def _attributes(name: x509.Name) -> dict[str, str]:
    """The first value of each attribute of a distinguished name, by asn1crypto's name."""
    found: dict[str, str] = {}
    for rdn in name.chosen:
        for pair in rdn:
            found.setdefault(pair["type"].native, _nfc(" ".join(str(pair["value"].native).split())))
    return found


def _key_name(certificate: x509.Certificate | None) -> str:
    if certificate is None:
        return ""
    algorithm = _KeyInfo.load(certificate.public_key.dump())["algorithm"]["algorithm"]
    if algorithm.dotted.startswith(_DSTU_4145):
        return "ДСТУ 4145-2002"
    return _KEY_NAMES.get(algorithm.native, algorithm.native)


def _nfc(text: str) -> str:
    """macOS tools write file names decomposed (NFD); compare them composed."""
    return unicodedata.normalize("NFC", text)
