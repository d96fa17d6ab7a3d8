"""XLIFF 1.2 files, written and read with translate-toolkit.

Owns: an :class:`~.exchange.Exchange` as an XLIFF 1.2 document — one
``<file>`` whose ``original`` is the project file the translations go to,
one ``<trans-unit>`` per entry with its stable id, the source with markup as
``<bpt>/<ept>/<ph>`` codes (the native characters inside, so tools protect
them), the current translation, notes, and for a stale unit its previous
source — and reading such a file back.
"""

from __future__ import annotations

from lxml import etree
from translate.storage import xliff
from translate.storage.placeables import xliff as codes
from translate.storage.placeables.strelem import StringElem

from brochures.errors import Location, Report
from brochures.exchange.translation import inline, xliff2
from brochures.exchange.translation.entries import FUZZY, NEW, TRANSLATED, Entry, Exchange
from brochures.exchange.translation.xliff2 import safe_root

NS = "urn:oasis:names:tc:xliff:document:1.2"
SKELETON = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}">'
            '<file original="x" source-language="en" datatype="plaintext"><body/></file>'
            "</xliff>").encode()
# Target states a translator's tool writes that mean "not finished".
_UNFINISHED = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
               "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}
_NAMESPACES = (NS, "urn:oasis:names:tc:xliff:document:1.1")
_PLACEABLE = {"bpt": codes.Bpt, "ept": codes.Ept, "ph": codes.Ph}
# The context that carries the fingerprint of the project's target at export.
BASE = "x-brochures-base"


class _Unit(xliff.xliffunit):
    """A trans-unit made in the XLIFF 1.2 namespace (the toolkit's default is 1.1)."""

    namespace = NS


def _rich(runs: list[inline.Run]) -> StringElem:
    parts: list = []
    for run in runs:
        if isinstance(run, str):
            parts.append(run)
            continue
        code = _PLACEABLE[run.kind]([run.native], id=run.id)
        if run.ctype:
            code.xml_attrib = {"ctype": run.ctype}
        parts.append(code)
    return StringElem(parts)


def write(exchange: Exchange) -> bytes:
    store = xliff.xlifffile.parsestring(SKELETON)
    filenode = next(store.document.getroot().iterchildren(f"{{{NS}}}file"))
    filenode.set("original", exchange.file)
    filenode.set("source-language", exchange.source_language)
    filenode.set("target-language", exchange.language)
    for entry in exchange.entries:
        unit = _Unit(entry.source)
        store.addunit(unit)
        unit.setid(entry.id)
        unit.xmlelement.set("resname", entry.id)
        unit.rich_source = [_rich(inline.split(entry.source))]
        inline.protect(unit.xmlelement.find(f"{{{NS}}}source"), exchange.keep,
                       lambda: etree.Element(f"{{{NS}}}mrk", mtype="protected"))
        if entry.target is not None:
            unit.rich_target = [_rich(inline.split(entry.target))]
            target = unit.xmlelement.find(f"{{{NS}}}target")
            target.set("state", "needs-review-translation" if entry.state == FUZZY
                       else "final" if entry.final else "translated")
        if entry.max_chars:  # the room the tightest fixed layout has for it
            unit.xmlelement.set("maxwidth", str(entry.max_chars))
            unit.xmlelement.set("size-unit", "char")
        unit.xmlelement.attrib.pop("approved", None)
        if entry.final:
            unit.xmlelement.set("approved", "yes")
        for note in entry.notes:
            unit.addnote(note, origin="developer")
        if entry.previous is not None:
            unit.addnote(f"The source changed. It used to say: {entry.previous}",
                         origin="developer")
        if entry.base is not None:
            unit.createcontextgroup(f"{BASE}.{entry.id}", [(BASE, entry.base)],
                                   purpose="information")
    return bytes(store)


def _runs(element, name: str, line: int, report: Report) -> list[inline.Run] | None:
    """Text and codes of a ``<source>`` or ``<target>`` (``mrk`` markers are looked into)."""
    runs: list[inline.Run] = [element.text or ""]
    for child in element:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag in _PLACEABLE:
            runs.append(inline.Code(tag, child.get("id", ""), "".join(child.itertext())))
        elif tag == "mrk":
            inner = _runs(child, name, line, report)
            if inner is None:
                return None
            runs.extend(inner)
        elif tag:
            report.error("translate-markup", f"<{tag}> is an inline code brochures did not "
                         "send; keep only the codes of the source", Location(name, line))
            return None
        runs.append(child.tail or "")
    return runs


def _root(data: bytes, name: str, report: Report):
    """The ``<file>`` element of a well-formed XLIFF 1.x document, and its namespace."""
    root = safe_root(data, name, report)
    if root is None:
        return None
    ns = etree.QName(root).namespace
    files = root.findall(f"{{{ns}}}file") if ns in _NAMESPACES else []
    if etree.QName(root).localname != "xliff" or len(files) != 1:
        report.error("bad-xliff", "expected an XLIFF 1.2 file (<xliff> in the XLIFF 1.2 "
                     "namespace) with one <file> element, as `brochures translate export` "
                     "writes", Location(name, root.sourceline or 1))
        return None
    return files[0], ns


def read(data: bytes, name: str, report: Report) -> Exchange | None:
    """The exchange in an XLIFF file; ``None`` (and an error) if it is not one. A unit
    that cannot be read is reported (file and line) and left out. An XLIFF 2.0 file
    (its namespace in the root element) is read by :mod:`.xliff2`."""
    if xliff2.NS.encode() in data[:4096]:
        return xliff2.read(data, name, report)
    found = _root(data, name, report)
    if found is None:
        return None
    filenode, ns = found
    exchange = Exchange(filenode.get("original", ""), filenode.get("source-language", ""),
                        filenode.get("target-language", ""), name=name)
    for element in filenode.iter(f"{{{ns}}}trans-unit"):
        entry = _entry(element, ns, name, report)
        if entry is not None:
            exchange.entries.append(entry)
    return exchange


def _entry(element, ns: str, name: str, report: Report) -> Entry | None:
    line = element.sourceline
    source_node = element.find(f"{{{ns}}}source")
    if not element.get("id") or source_node is None:
        lacks = "an id" if not element.get("id") else "a <source>"
        report.error("bad-xliff", f"a <trans-unit> without {lacks}: every unit needs an id "
                     "and a <source>, as exported", Location(name, line))
        return None
    source = _runs(source_node, name, line, report)
    target_node = element.find(f"{{{ns}}}target")
    target = _runs(target_node, name, line, report) if target_node is not None else None
    if source is None or (target_node is not None and target is None):
        return None
    entry = Entry(element.get("id", ""), inline.join(source), line=line)
    entry.target = inline.join(target) if target is not None else None
    entry.base = next((c.text or "" for c in element.iter(f"{{{ns}}}context")
                       if c.get("context-type") == BASE), None)
    state = target_node.get("state") if target_node is not None else None
    if entry.target is None or not entry.target.strip():
        entry.state = NEW
    elif state in _UNFINISHED:
        entry.state = FUZZY
    else:
        entry.state = TRANSLATED
    entry.final = entry.state == TRANSLATED and (state == "final"
                                                 or element.get("approved") == "yes")
    return entry
