"""Units of a leaflet's text, with stable ids and fingerprints.

Owns: cutting what a leaflet prints into units — title, subtitle, intro, each
section's heading, each paragraph of a body, each item and each field of an
item, image alt texts and captions — plus the topic facts it prints (owner,
dates, reference, sources), each with a stable id, the file and line it is
written on, and a fingerprint of its normalized text. Approval records
(brochures.inputs.records) and translation exchange share these ids.

A fingerprint covers the words only: comments, key order, quoting style and
where a paragraph's lines wrap do not change it; any changed word does.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochures.errors import Location, Report
from brochures.inputs.project import Project
from brochures.inputs.yamlio import Document, load_yaml

TEXT = "text"  # words a translator translates
FACT = "fact"  # the same in every language: dates, sources, evidence grades

# Item fields that hold facts, not prose (issue 14 §1: evidence grades and their source ids).
FACT_FIELDS = frozenset({"evidence", "source"})
# Fields of an image that a reader sees or hears.
IMAGE_FIELDS = ("alt", "caption")
# Topic facts a leaflet prints, in the order they are listed.
TOPIC_FACTS = ("reference", "owner", "reviewed", "next_review")
# topic.yaml's owner, when it is written per language: translators exchange it under this id.
OWNER = "topic.owner"


@dataclass(frozen=True)
class Unit:
    """One piece of printed text: ``id`` is stable across languages and reformatting."""

    id: str
    text: str
    file: str
    line: int
    kind: str = TEXT
    section: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line)


def normalize(text: Any) -> str:
    """The words of ``text``: NFC, every run of white space one space, no ends."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def fingerprint(text: Any) -> str:
    """A short, stable digest of the normalized ``text``."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def split_paragraphs(body: str) -> list[str]:
    """A body's paragraphs, as the leaflet prints them (split at blank lines)."""
    return [p for p in (normalize(part) for part in str(body).split("\n\n")) if p]


def _paragraph_lines(lines: list[str], start: int, count: int) -> list[int]:
    """The first line of each of ``count`` paragraphs of a scalar written from line ``start``.

    Paragraphs are runs of non-blank lines; the scalar ends where its indentation does.
    When the text cannot be matched (a one-line quoted string with ``\\n\\n``), every
    paragraph points at the scalar's own line.
    """
    origin = start
    first = lines[start - 1] if 0 < start <= len(lines) else ""
    if first.rstrip().endswith(("|", "|-", "|+", ">", ">-", ">+")):
        start += 1  # a block scalar: its text begins on the next line
    found: list[int] = []
    indent = None
    previous_blank = True
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            previous_blank = True
            continue
        own = len(line) - len(line.lstrip())
        if indent is None:
            indent = own
        elif own < indent:
            break
        if previous_blank:
            found.append(number)
        previous_blank = False
    if len(found) < count:
        return [origin] * count
    return found[:count]


def _source_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line(doc: Document, *keys: str | int) -> int:
    return doc.at(*keys).line or 1


def language_units(doc: Document, lines: list[str]) -> list[Unit]:
    """Every unit of a loaded language file, in the order it is written."""
    data = doc.data if isinstance(doc.data, dict) else {}
    units: list[Unit] = []

    def add(uid: str, text: Any, keys: tuple, kind: str = TEXT, section: str | None = None):
        if isinstance(text, (str, int, float)) and normalize(text):
            units.append(Unit(uid, normalize(text), doc.path, _line(doc, *keys), kind, section))

    for key in ("title", "subtitle", "intro"):
        add(key, data.get(key), (key,))
    _image_units(data.get("cover_image"), "cover_image", ("cover_image",), add, None)
    sections = data.get("sections")
    for sid, raw in (sections or {}).items() if isinstance(sections, dict) else ():
        if not isinstance(raw, dict):
            continue
        keys = ("sections", sid)
        add(f"{sid}.heading", raw.get("heading"), (*keys, "heading"), section=sid)
        # A shorter text for layouts that print summaries: translated and approved as one unit.
        add(f"{sid}.summary", raw.get("summary"), (*keys, "summary"), section=sid)
        body = raw.get("body")
        if isinstance(body, str):
            paragraphs = split_paragraphs(body)
            starts = _paragraph_lines(lines, _line(doc, *keys, "body"), len(paragraphs))
            for n, (text, line) in enumerate(zip(paragraphs, starts, strict=True), 1):
                units.append(Unit(f"{sid}.p{n}", text, doc.path, line, TEXT, sid))
        items = raw.get("items")
        for n, item in enumerate(items if isinstance(items, list) else [], 1):
            at = (*keys, "items", n - 1)
            if isinstance(item, dict):
                for field, value in item.items():
                    if isinstance(value, dict):
                        _image_units(value, f"{sid}.i{n}.{field}", (*at, field), add, sid)
                    else:
                        kind = FACT if field in FACT_FIELDS else TEXT
                        add(f"{sid}.i{n}.{field}", value, (*at, field), kind, sid)
            else:
                add(f"{sid}.i{n}", item, at, section=sid)
        for field, value in raw.items():
            if field not in ("heading", "body", "items", "summary"):
                _image_units(value, f"{sid}.{field}", (*keys, field), add, sid)
    return units


def _image_units(value: Any, uid: str, keys: tuple, add, section: str | None) -> None:
    """Alt text and caption of an image (or of each image of a list)."""
    if isinstance(value, list):
        for n, one in enumerate(value, 1):
            _image_units(one, f"{uid}{n}", (*keys, n - 1), add, section)
    elif isinstance(value, dict):
        for field in IMAGE_FIELDS:
            add(f"{uid}.{field}", value.get(field), (*keys, field), TEXT, section)


def topic_units(doc: Document) -> list[Unit]:
    """The facts of ``topic.yaml`` a leaflet prints: reference, owner, dates, sources."""
    data = doc.data if isinstance(doc.data, dict) else {}
    units = []
    for key in TOPIC_FACTS:
        value = data.get(key)
        # An owner written per language is one fact per language.
        for suffix, text, line in ([(f".{lang}", v, _line(doc, key, lang))
                                    for lang, v in value.items()] if isinstance(value, dict)
                                   else [("", value, _line(doc, key))]):
            if text is not None and normalize(text):
                units.append(Unit(f"topic.{key}{suffix}", normalize(text), doc.path, line, FACT))
    sources = data.get("sources")
    for n, source in enumerate(sources if isinstance(sources, list) else [], 1):
        if isinstance(source, dict):
            for field in ("id", "title", "url"):
                if source.get(field) is not None:
                    units.append(Unit(f"topic.source{n}.{field}", normalize(source[field]),
                                      doc.path, _line(doc, "sources", n - 1, field), FACT))
    return units


def owner_unit(doc: Document | None, language: str) -> Unit | None:
    """topic.yaml's owner in ``language`` as a unit to translate (on its own line), when
    the owner is written per language and has that language."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    owner = data.get("owner")
    text = owner.get(language) if isinstance(owner, dict) else None
    if not isinstance(text, str) or not normalize(text):
        return None
    return Unit(OWNER, normalize(text), doc.path, _line(doc, "owner", language))


def topic_owner(project: Project, topic: str, language: str) -> Unit | None:
    """:func:`owner_unit`, read from the topic's topic.yaml."""
    read = _read(project, project.content_dir / topic / "topic.yaml", Report())
    return owner_unit(read[0], language) if read else None


def _read(project: Project, path: Path, report: Report) -> tuple[Document, list[str]] | None:
    if not path.is_file() or not project.contains(path):
        return None
    doc = load_yaml(path, project.show(path), report)
    return (doc, _source_lines(path)) if doc is not None else None


def leaflet_units(project: Project, topic: str, language: str,
                  report: Report | None = None) -> list[Unit] | None:
    """The units of ``topic`` in ``language``: its language file, then its topic facts.

    ``None`` when either file is missing or cannot be read (its problems go to ``report``).
    """
    report = report if report is not None else Report()
    folder = project.content_dir / topic
    text = _read(project, folder / f"{language}.yaml", report)
    facts = _read(project, folder / "topic.yaml", report)
    if text is None or facts is None:
        return None
    return language_units(*text) + topic_units(facts[0])


def text_units(project: Project, topic: str, language: str,
               report: Report | None = None) -> list[Unit] | None:
    """The translatable units of one language file (no topic facts, no grades): what a
    translator exchanges (XLIFF/PO) under the same ids as approvals."""
    read = _read(project, project.content_dir / topic / f"{language}.yaml",
                 report if report is not None else Report())
    return [u for u in language_units(*read) if u.kind == TEXT] if read else None


def by_id(units: list[Unit]) -> dict[str, Unit]:
    return {unit.id: unit for unit in units}


def digest(units: list[Unit]) -> str:
    """One fingerprint for a whole set of units (order and ids included)."""
    joined = "\n".join(f"{u.id}={u.fingerprint}" for u in units)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
