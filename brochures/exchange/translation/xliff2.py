"""XLIFF 2.0 files (``--format xliff2``), written with translate-toolkit and read with lxml.

Owns: an :class:`~.exchange.Exchange` as an XLIFF 2.0 document — one ``<file>`` whose
``original`` is the project file the translations go to, one ``<unit>`` per entry with
its stable id and one ``<segment>``; markup as ``<ph>`` codes whose native text is in the
unit's ``<originalData>`` (so tools protect it); the segment's ``state`` (initial for a new
or stale unit, translated); notes (the context, the glossary, the previous source, and the
fingerprint of the target at export under the category ``brochures-base``) — and reading
such a file back, as safely as XLIFF 1.2 (no DTD, no entities, bounded by the caller).
"""

from __future__ import annotations

from lxml import etree
from translate.storage import xliff2

from brochures.errors import Location, Report
from brochures.exchange.translation import inline
from brochures.exchange.translation.entries import FUZZY, NEW, TRANSLATED, Entry, Exchange

NS = "urn:oasis:names:tc:xliff:document:2.0"
BASE = "brochures-base"
_FINISHED = {"translated", "reviewed", "final"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _fill(element, runs: list[inline.Run], data: dict[str, str]) -> None:
    """``element``'s content: the text runs, and a ``<ph>`` for each code (its native
    text kept in ``data`` by reference, one reference per distinct native text; the n-th
    use of a reference has the same id in the source and the target)."""
    element.text, last = "", None
    uses: dict[str, int] = {}
    for run in runs:
        if isinstance(run, str):
            if last is None:
                element.text += run
            else:
                last.tail = (last.tail or "") + run
            continue
        ref = next((k for k, v in data.items() if v == run.native), f"d{len(data) + 1}")
        data[ref] = run.native
        uses[ref] = uses.get(ref, 0) + 1
        last = etree.SubElement(element, _q("ph"), id=f"{ref}.{uses[ref]}", dataRef=ref)


def _unit(entry: Entry, keep: list[str]) -> etree._Element:
    element = etree.Element(_q("unit"), id=entry.id)
    notes = etree.SubElement(element, _q("notes"))
    texts = [(None, n) for n in entry.notes]
    if entry.previous is not None:
        texts.append((None, f"The source changed. It used to say: {entry.previous}"))
    if entry.base is not None:
        texts.append((BASE, entry.base))
    for category, text in texts:
        note = etree.SubElement(notes, _q("note"))
        if category:
            note.set("category", category)
        note.text = text
    if not texts:
        element.remove(notes)
    data: dict[str, str] = {}
    original = etree.SubElement(element, _q("originalData"))
    segment = etree.SubElement(element, _q("segment"))
    source = etree.SubElement(segment, _q("source"))
    _fill(source, inline.split(entry.source), data)
    marks = iter(range(1, 10**6))
    inline.protect(source, keep, lambda: etree.Element(_q("mrk"), id=f"m{next(marks)}",
                                                       translate="no"))
    if entry.target is not None:
        _fill(etree.SubElement(segment, _q("target")), inline.split(entry.target), data)
        segment.set("state", "initial" if entry.state == FUZZY
                    else "final" if entry.final else "translated")
    for ref, native in data.items():
        etree.SubElement(original, _q("data"), id=ref).text = native
    if not data:
        element.remove(original)
    return element


def write(exchange: Exchange) -> bytes:
    store = xliff2.Xliff2File()
    root = store.document.getroot()
    root.set("srcLang", exchange.source_language)
    root.set("trgLang", exchange.language)
    filenode = root.find(_q("file"))
    filenode.set("original", exchange.file)
    for entry in exchange.entries:
        filenode.append(_unit(entry, exchange.keep))
    return bytes(store)


def _runs(element, data: dict[str, str], name: str, report: Report) -> list[inline.Run] | None:
    runs: list[inline.Run] = [element.text or ""]
    for child in element:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "ph" and child.get("dataRef") in data:
            runs.append(inline.Code("ph", child.get("id", ""), data[child.get("dataRef")]))
        elif tag == "mrk":
            inner = _runs(child, data, name, report)
            if inner is None:
                return None
            runs.extend(inner)
        elif tag:
            report.error("translate-markup", f"<{tag}> is an inline code brochures did not "
                         "send; keep only the codes of the source",
                         Location(name, child.sourceline))
            return None
        runs.append(child.tail or "")
    return runs


def safe_root(data: bytes, name: str, report: Report):
    """The root element of a translator's XML file, parsed with entities, DTDs and the
    network off; ``None`` (reported) when it is not well-formed or declares a DOCTYPE."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        report.error("bad-xliff", f"not well-formed XML: {exc}", Location(name, exc.lineno))
        return None
    if root.getroottree().docinfo.doctype:
        report.error("bad-xliff", "the file declares a DOCTYPE (entities and DTDs are not "
                     "accepted); export it again", Location(name, 1))
        return None
    return root


def _file(data: bytes, name: str, report: Report):
    root = safe_root(data, name, report)
    if root is None:
        return None
    files = root.findall(_q("file"))
    if root.tag != _q("xliff") or len(files) != 1:
        report.error("bad-xliff", "expected an XLIFF 2.0 file with one <file> element, as "
                     "`brochures translate export --format xliff2` writes",
                     Location(name, root.sourceline or 1))
        return None
    return root, files[0]


def read(data: bytes, name: str, report: Report) -> Exchange | None:
    """The exchange in an XLIFF 2.0 file; ``None`` (and an error) if it is not one."""
    found = _file(data, name, report)
    if found is None:
        return None
    root, filenode = found
    exchange = Exchange(filenode.get("original", ""), root.get("srcLang", ""),
                        root.get("trgLang", ""), name=name)
    for element in filenode.iter(_q("unit")):
        entry = _entry(element, name, report)
        if entry is not None:
            exchange.entries.append(entry)
    return exchange


def _entry(element, name: str, report: Report) -> Entry | None:
    line = element.sourceline
    data = {d.get("id", ""): "".join(d.itertext()) for d in element.iter(_q("data"))}
    parts = [p for p in element if p.tag in (_q("segment"), _q("ignorable"))]
    if not element.get("id") or not parts:
        report.error("bad-xliff", "a <unit> without an id or a <segment>: every unit needs "
                     "both, as exported", Location(name, line))
        return None
    source: list[inline.Run] = []
    target: list[inline.Run] | None = None
    states = set()
    for part in parts:
        for tag in ("source", "target"):
            node = part.find(_q(tag))
            runs = _runs(node, data, name, report) if node is not None else None
            if node is not None and runs is None:
                return None
            if tag == "source" and runs is not None:
                source += runs
            elif runs is not None:
                target = (target or []) + runs
        if part.tag == _q("segment"):
            states.add(part.get("state", "initial"))
    entry = Entry(element.get("id", ""), inline.join(source), line=line)
    entry.target = inline.join(target) if target is not None else None
    entry.base = next((n.text or "" for n in element.iter(_q("note"))
                       if n.get("category") == BASE), None)
    if entry.target is None or not entry.target.strip():
        entry.state = NEW
    else:
        entry.state = TRANSLATED if states <= _FINISHED else FUZZY
    entry.final = entry.state == TRANSLATED and states == {"final"}
    return entry
