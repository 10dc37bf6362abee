"""ASiC-E (.asice): a zip holding the signed files and META-INF/ signatures — CAdES (.p7s
over an ASiCManifest that lists the files' digests, or over the file itself) or XAdES. Every
signature file is checked; the report must be among the signed files and be the same."""

from __future__ import annotations

import base64
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from asn1crypto import x509
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from ctb_desktop.exchange.signature_certificate import (
    ASN1_ERRORS,
    algorithm_name,
    identity,
    judge_validity,
    nfc,
)
from ctb_desktop.exchange.signature_cms import (
    DETACHED,
    Context,
    check_cms,
    cms_der,
    not_signature,
    read_signed_data,
)
from ctb_desktop.exchange.signature_digests import XML_DIGESTS, compute, digest_name
from ctb_desktop.exchange.signature_result import SignatureCheck, combine

MiB = 1024 * 1024
# A signed report is a few megabytes: these only stop a broken or hostile file eating memory.
LIMITS = {"file": 64 * MiB, "entries": 64, "unpacked": 128 * MiB}
ASIC_MIMETYPES = (b"application/vnd.etsi.asic-e+zip", b"application/vnd.etsi.asic-s+zip")
DS = "{http://www.w3.org/2000/09/xmldsig#}"
ASIC = "{http://uri.etsi.org/02918/v1.2.1#}"
_SIGNATURE_FILE = re.compile(r"META-INF/[^/]*signature[^/]*\.(xml|p7s)", re.IGNORECASE)
_MANIFEST_FILE = re.compile(r"META-INF/[^/]*ASiCManifest[^/]*\.xml", re.IGNORECASE)
_ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error)
XADES_UNCHECKED = "значення підпису XAdES тут не перевіряється (потрібна канонізація XML)"


def check_asic(
    data: bytes, document: bytes | None, document_name: str, context: Context
) -> SignatureCheck:
    name = context.name
    files = unzip(data, name)
    mimetype = files.pop("mimetype", None)
    if mimetype is not None and mimetype.strip() not in ASIC_MIMETYPES:
        shown = mimetype.strip()[:60].decode("ascii", "replace")
        raise not_signature(name, f"це zip-архів з типом «{shown}», а не контейнер ASiC")
    signatures = sorted(entry for entry in files if _SIGNATURE_FILE.fullmatch(entry))
    if not signatures:
        raise not_signature(name, "у zip-архіві немає META-INF/signatures*.xml чи signature*.p7s")
    objects = {path: data for path, data in files.items() if not path.startswith("META-INF/")}
    target_name = _find_document(objects, document, document_name)
    target = objects.get(target_name, document)
    checks = []
    for entry in signatures:
        if entry.lower().endswith(".xml"):
            checks += _check_xades(_xml(files[entry], entry, name), target_name, target, context)
        else:
            checks.append(_check_cades(files, entry, target_name, target, context))
    if len(signatures) > 1:
        listed = ", ".join(f"«{entry}»" for entry in signatures)
        checks[0].notes.append(f"Файлів підписів у контейнері {len(signatures)}: {listed}.")
    first = checks[0]
    if target_name not in objects:
        listed = ", ".join(f"«{entry}»" for entry in objects) or "жодного"
        _mismatch(checks, f"У контейнері немає документа звіту (є файли: {listed}).")
    elif document is not None and target != document:
        _mismatch(checks, f"Файл «{target_name}» у контейнері ВІДРІЗНЯЄТЬСЯ від документа звіту.")
    elif target_name != document_name:
        first.notes.append(f"Підписаний документ лежить у контейнері під назвою «{target_name}».")
    return combine(checks)


def _mismatch(checks: list[SignatureCheck], note: str) -> None:
    checks[0].notes.append(note)
    for check in checks:
        check.digest_matches = False
        check.digest_checked = True


def unzip(data: bytes, name: str) -> dict[str, bytes]:
    """Every file of a small zip, refusing odd names, encryption, and too many or big files."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > LIMITS["entries"]:
                raise not_signature(name, f"у контейнері забагато файлів ({len(infos)})")
            for info in infos:
                entry = nfc(info.filename)
                if not _safe_entry(entry) or entry in files or info.flag_bits & 0x1:
                    raise not_signature(name, f"недопустимий файл «{entry}» у контейнері")
                with archive.open(info) as stream:
                    files[entry] = stream.read(LIMITS["file"] + 1)
                total += len(files[entry])
                if len(files[entry]) > LIMITS["file"] or total > LIMITS["unpacked"]:
                    raise not_signature(name, "вміст контейнера завеликий")
    except _ZIP_ERRORS as error:
        raise not_signature(name, "zip-архів пошкоджено") from error
    return files


def _safe_entry(entry: str) -> bool:
    return not re.search(r"[\\:\x00]", entry) and all(
        part not in ("", ".", "..") for part in entry.split("/")
    )


def _find_document(objects: dict[str, bytes], document: bytes | None, document_name: str) -> str:
    """The signed file that is the report: by name, by content, or the only (first) one."""
    if document_name in objects:
        return document_name
    same = [entry for entry, content in objects.items() if content == document]
    if same or len(objects) == 1 or (document is None and objects):
        return (same or sorted(objects))[0]
    return document_name


def _check_xades(
    root: Element, target_name: str, target: bytes | None, context: Context
) -> list[SignatureCheck]:
    signatures = [root] if root.tag == f"{DS}Signature" else root.findall(f"{DS}Signature")
    if not signatures:
        raise not_signature(context.name, "у підписі XAdES немає елемента ds:Signature")
    checks = []
    for signature in signatures:
        element = signature.find(f".//{DS}X509Certificate")
        try:
            der = _base64(element.text) if element is not None else None
            certificate = x509.Certificate.load(der) if der else None
        except ASN1_ERRORS as error:
            raise not_signature(context.name, "сертифікат у підписі XAdES пошкоджено") from error
        check = identity(certificate)
        check.signature_algorithm = algorithm_name(certificate) if certificate else ""
        check.signing_time = _xml_time(signature.find(".//{*}SigningTime"))
        check.time_source = "записаний засобом підпису (SigningTime)" if check.signing_time else ""
        references = signature.iterfind(f"{DS}SignedInfo/{DS}Reference")
        check.digest_matches = _check_reference(
            check, references, target_name, target, context.name
        )
        check.digest_checked = check.digest_matches is not None
        check.problem = check.problem or XADES_UNCHECKED
        check.notes.append(f"Значення підпису XAdES тут не перевірено: {XADES_UNCHECKED}.")
        if certificate is not None:
            judge_validity(check, certificate, check.signing_time, context.now)
        checks.append(check)
    return checks


def _check_cades(
    files: dict[str, bytes], p7s_name: str, target_name: str, target: bytes | None, context: Context
) -> SignatureCheck:
    """CAdES in ASiC-E: the .p7s signs an ASiCManifest holding the files' digests, or the file."""
    name = f"{context.name}/{p7s_name}"
    signed = read_signed_data(cms_der(files[p7s_name], name), name)
    manifests = sorted(entry for entry in files if _MANIFEST_FILE.fullmatch(entry))
    parsed = {entry: _xml(files[entry], entry, context.name) for entry in manifests}
    own = [
        entry
        for entry, manifest in parsed.items()
        if _uri_name(manifest.find(f"{ASIC}SigReference"), "URI") == p7s_name
    ]
    manifest_name = (own or manifests or [None])[0]
    if manifest_name is None:
        return check_cms(signed, target, "документа", context)
    check = check_cms(signed, files[manifest_name], f"маніфесту «{manifest_name}»", context)
    references = list(parsed[manifest_name].iterfind(f"{ASIC}DataObjectReference"))
    for one in (check, *check.others):
        result = _check_reference(one, iter(references), target_name, target, context.name)
        if one.digest_matches and result is not True:
            one.digest_matches = result
        if result is None:
            one.problem = one.problem or DETACHED
    return check


def _xml(data: bytes, entry: str, name: str) -> Element:
    try:
        return parse_xml(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise not_signature(name, f"XML «{entry}» у ньому не розбирається") from error


def _check_reference(
    check: SignatureCheck,
    references: Iterable[Element],
    target_name: str,
    target: bytes | None,
    name: str,
) -> bool | None:
    """Compare the digest a ds:Reference (or asic:DataObjectReference) gives for the document."""
    element = next((ref for ref in references if _uri_name(ref, "URI") == target_name), None)
    if element is None:
        check.notes.append(f"Підпис не посилається на файл «{target_name}».")
        return False
    method, value = element.find(f"{DS}DigestMethod"), element.find(f"{DS}DigestValue")
    uri = (method.get("Algorithm", "") if method is not None else "").strip()
    oid = uri.removeprefix("urn:oid:") if uri.startswith("urn:oid:") else XML_DIGESTS.get(uri, uri)
    try:
        signed_digest = _base64(value.text if value is not None else None)
    except ValueError as error:
        raise not_signature(name, f"геш файлу «{target_name}» у підписі пошкоджено") from error
    check.digest_algorithm = check.digest_algorithm or digest_name(oid)
    if target is None:
        return None
    computed = compute(oid, target)
    if computed is None:
        check.notes.append(f"Геш документа за алгоритмом {digest_name(oid)} тут не обчислюється.")
        check.problem = check.problem or f"геш {digest_name(oid)} тут не обчислюється"
        return None
    matches = computed == signed_digest
    check.notes.append(
        f"Геш документа ({digest_name(oid)}) "
        + ("збігається з підписаним." if matches else "НЕ збігається з підписаним: вміст змінено.")
    )
    return matches


def _base64(text: str | None) -> bytes:
    """Base64 text of an XML element; binascii.Error is a ValueError."""
    return base64.b64decode("".join((text or "").split()), validate=True)


def _uri_name(element: Element | None, attribute: str) -> str:
    uri = element.get(attribute, "") if element is not None else ""
    return nfc(unquote(uri).removeprefix("./"))


def _xml_time(element: Element | None) -> datetime | None:
    """xsd:dateTime of XAdES SigningTime; one without a zone is taken as UTC."""
    try:
        moment = (
            datetime.fromisoformat((element.text or "").strip()) if element is not None else None
        )
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment
