"""A Word file checked before it is read: bounded, well-formed, and without entities.

Owns: deciding whether a ``.docx`` from outside may be handed to python-docx. A .docx is a
zip of XML parts, so a hostile one can be a zip bomb (a few MB that inflate to GB), a
truncated or fake zip, malformed XML, or XML that declares entities to expand (billion
laughs). Before python-docx sees it: the zip must open; it may hold at most
``MAX_MEMBERS`` parts; every part is inflated in chunks, counting the bytes it really
gives (the sizes a zip declares can lie), stopping at ``MAX_UNPACKED`` bytes in all or a
part inflating more than ``MAX_RATIO`` times its packed size; an XML part may not have a
DOCTYPE (Word never writes one: it is where entities are declared), and must parse. Each
refusal is one line naming the file and, where there is one, the part and its line.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from brochures.errors import Location, Report

MAX_UNPACKED = 50_000_000  # bytes, all parts together
MAX_RATIO = 200  # how many times its packed size one part may inflate (text XML: ~10)
MAX_MEMBERS = 2_000
CHUNK = 65_536
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class Refused(Exception):
    """Why a Word file is not read."""


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The bytes of one part, refusing it as soon as it passes ``budget`` or the ratio."""
    allowed = min(budget, max(info.compress_size, 1) * MAX_RATIO + CHUNK)
    chunks, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > allowed:
                if size > budget:
                    raise Refused(f"unpacks to more than {MAX_UNPACKED} bytes (a zip bomb?): "
                                  f"not read")
                raise Refused(f"its part {info.filename} inflates more than {MAX_RATIO} "
                              "times (a zip bomb?): not read")
            chunks.append(chunk)
    return b"".join(chunks)


def _check_xml(name: str, data: bytes) -> None:
    # lazy: start-up time: lxml loads only when this runs
    from lxml import etree

    if _DOCTYPE.search(data):
        raise Refused(f"its part {name} declares a DOCTYPE or entities, which Word never "
                      "writes: not read")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        at = f" (its line {line})" if line else ""
        message = str(exc.msg or exc).split(", line ")[0]
        raise Refused(f"its part {name} is not well-formed XML{at}: {message}") from None


def check_docx(data: bytes) -> None:
    """Raise :class:`Refused` unless ``data`` is a zip python-docx may safely read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise Refused("not a Word (.docx) file: it is not a zip, or the zip is cut "
                      "short") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(f"it holds more than {MAX_MEMBERS} parts: not read")
        if "word/document.xml" not in {i.filename for i in infos} and \
                "[Content_Types].xml" not in {i.filename for i in infos}:
            raise Refused("not a Word (.docx) file: a zip without a Word document in it")
        budget = MAX_UNPACKED
        for info in infos:
            if info.is_dir():
                continue
            try:
                part = _inflate(archive, info, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError, OSError, ValueError) as exc:
                raise Refused(f"its part {info.filename} cannot be unpacked ({exc}): the "
                              "file is damaged or cut short") from None
            budget -= len(part)
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(info.filename, part)


def refuse_unsafe(name: str, data: bytes, report: Report) -> bool:
    """Whether the Word file ``data`` was refused (one problem reported) or may be read."""
    try:
        check_docx(data)
    except Refused as refused:
        report.error("source-unreadable", str(refused), Location(name))
        return True
    return False
