"""The glossary as TBX: ``brochures translate glossary export`` and ``glossary import``.

Owns: writing ``translations/glossary.<lang>.tsv`` as a TBX termbase with
translate-toolkit (one ``termEntry`` per term: the term in the source language, its
agreed translation, its note; a do-not-translate term has itself as its translation and
the note "do not translate"), and reading a TBX a terminologist sends back into that
file. A TBX from outside is hostile: bounded in size, parsed without DTDs, entities or
the network (an internal DTD subset is refused), every entry that cannot be taken is one
line with the file and line, and nothing is written unless every entry is accepted.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.storage import tbx

from brochures.checks import glossary
from brochures.errors import Location, Report
from brochures.exchange.translation import accept
from brochures.inputs.languages import known_languages
from brochures.inputs.project import Project
from brochures.inputs.units import normalize
from brochures.write import write_atomic

MAX_BYTES = 5 * 1024 * 1024  # a glossary is a few hundred terms
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER = ("# The terms agreed for {lang} (imported from {name}): brochures translate export adds\n"
          "# them to the notes of each unit that uses one, and brochures check warns when a\n"
          "# translation does not use its agreed term.\nterm\ttranslation\tnote\n")


def source_language(project: Project) -> str:
    """The language glossary terms are written in: the topics' source language."""
    sources = sorted(known_languages(project)[1])
    return sources[0] if sources else "en"


def export(project: Project, language: str, out: Path, report: Report) -> int | None:
    """Write the glossary of ``language`` as TBX at ``out``; the number of terms."""
    terms = glossary.read(project, language, report)
    if report.errors:
        return None
    store = tbx.tbxfile(sourcelanguage=source_language(project), targetlanguage=language)
    for term in terms:
        unit = store.addsourceunit(term.term)
        unit.target = term.translation
        if term.note:
            unit.addnote(term.note)
    write_atomic(out, bytes(store))
    return len(terms)


def _base(code: str | None) -> str:
    return (code or "").replace("_", "-").split("-")[0].lower()


def _root(path: Path, report: Report):
    where = Location(str(path), 1)
    try:
        if path.stat().st_size > MAX_BYTES:
            report.error("bad-tbx", f"the file is larger than {MAX_BYTES >> 20} MB", where)
            return None
        data = path.read_bytes()
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False)
        root = etree.fromstring(data, parser)
    except OSError as exc:
        report.error("bad-tbx", f"cannot read it: {exc.strerror or exc}", where)
        return None
    except etree.XMLSyntaxError as exc:
        report.error("bad-tbx", f"not well-formed XML: {exc}", Location(str(path), exc.lineno))
        return None
    subset = root.getroottree().docinfo.internalDTD  # TBX names its DTD; its own is refused
    if subset is not None and (list(subset.iterentities()) or list(subset.elements())):
        report.error("bad-tbx", "the file declares entities or a DTD of its own (an internal "
                     "DTD subset); they are not accepted", where)
        return None
    if etree.QName(root).localname not in ("martif", "tbx"):
        report.error("bad-tbx", "expected a TBX termbase (<martif> or <tbx>)", where)
        return None
    return root


def _terms(entry, source: str, language: str) -> tuple[str | None, str | None, str, str]:
    """The first term of each language, the notes of one ``termEntry`` and the languages
    it has."""
    found: dict[str, str] = {}
    for lang_set in entry.iter("{*}langSet"):
        term = next(lang_set.iter("{*}term"), None)
        if term is not None:
            found.setdefault(_base(lang_set.get(XML_LANG)), "".join(term.itertext()))
    notes = [normalize("".join(n.itertext())) for n in entry.iter("{*}note", "{*}descrip")]
    return (found.get(_base(source)), found.get(_base(language)),
            "; ".join(filter(None, notes)), ", ".join(found) or "none")


def _line(path: Path, entry, languages: tuple[str, str], term: str | None,
          translation: str | None, note: str, has: str, report: Report) -> str | None:
    where = Location(str(path), entry.sourceline)
    if not term or not normalize(term) or not translation or not normalize(translation):
        report.error("bad-tbx", f"a term entry needs an {languages[0]} term and a "
                     f"{languages[1]} term (it has: {has})", where)
        return None
    for text in (term, translation, note):
        why = accept.characters(text) or ("it holds a tab or a line break" if any(
            c in text for c in "\t\n\r") else None)
        if why:
            report.error("bad-tbx", f"term “{normalize(term)[:40]}”: {why}", where)
            return None
    return f"{normalize(term)}\t{normalize(translation)}\t{normalize(note)}\n"


def import_(project: Project, path: Path, language: str, report: Report) -> int | None:
    """Replace ``translations/glossary.<language>.tsv`` with the terms of the TBX at
    ``path``; the number of terms, or ``None`` (nothing written) when any is refused."""
    root = _root(path, report)
    if root is None:
        return None
    errors, lines = report.error_count, []
    source = source_language(project)
    for entry in root.iter("{*}termEntry", "{*}conceptEntry"):
        line = _line(path, entry, (source, language), *_terms(entry, source, language),
                     report)
        if line is not None:
            lines.append(line)
    if not lines and report.error_count == errors:
        report.error("bad-tbx", f"no term entry has both {source} and {language}",
                     Location(str(path), 1))
    if report.error_count > errors:
        return None
    target = project.root / glossary.path_of(language)
    if not project.contains(target if target.exists() else target.parent.parent):
        report.error("unsafe-path", f"{glossary.path_of(language)} links outside the project",
                     Location(str(path), 1))
        return None
    text = HEADER.format(lang=language, name=path.name) + "".join(lines)
    write_atomic(target, text.encode("utf-8"))
    return len(lines)
