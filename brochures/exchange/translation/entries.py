"""What a translator receives: the entries of one language file or words file.

Owns: the format-neutral exchange — one :class:`Entry` per translatable unit
(stable id, source text, current translation, notes, previous source when
the unit is stale) — and building it for ``brochures translate export``:
a topic's language file against its source language, and the template words
that language lacks. The formats (:mod:`.xliff`, :mod:`.po`) only write and
read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import yaml

from brochures.checks import glossary
from brochures.checks import staleness as stale
from brochures.errors import Location, Report
from brochures.inputs.languages import source_language
from brochures.inputs.project import Project
from brochures.inputs.records import read_records
from brochures.inputs.units import (
    OWNER,
    Unit,
    by_id,
    fingerprint,
    normalize,
    text_units,
    topic_owner,
)
from brochures.inputs.yamlio import load_yaml
from brochures.model import FULL_TEXT

NEW, TRANSLATED, FUZZY = "new", "translated", "fuzzy"
# Words-file keys a translator translates (locale and fonts are settings, not words).
WORD_GROUPS = ("headings", "words")


@dataclass
class Entry:
    """One unit as exchanged: ``state`` is new (no translation), translated or fuzzy."""

    id: str
    source: str
    target: str | None = None
    notes: list[str] = field(default_factory=list)
    previous: str | None = None  # the source the translation was made from, when stale
    state: str = NEW
    line: int | None = None  # where it is written in the exchanged file (on import)
    base: str | None = None  # fingerprint of the project's target at export (lost updates)
    final: bool = False  # the target is the text a reviewer approved (records.yaml)
    # The room the tightest fixed layout has for it, in characters (XLIFF maxwidth).
    max_chars: int | None = None


@dataclass
class Exchange:
    """Everything for one target file: ``file`` is its path in the project."""

    file: str
    source_language: str
    language: str
    entries: list[Entry] = field(default_factory=list)
    name: str = ""  # the exchanged file, as shown in reports (on import)
    keep: list[str] = field(default_factory=list)  # do-not-translate terms (on export)


def content_file(topic: str, language: str) -> str:
    return f"content/{topic}/{language}.yaml"


def words_file(language: str) -> str:
    return f"templates/words/{language}.yaml"


def owner_entry(project: Project, topic: str, source_lang: str, language: str,
                stale_text: str | None = None,
                approved: dict[str, str] | None = None) -> Entry | None:
    """topic.yaml's owner as a unit to translate, when it is given per language;
    ``stale_text``: the source owner its translation was made from, when that changed."""
    source = topic_owner(project, topic, source_lang)
    if source is None:
        return None
    target = topic_owner(project, topic, language)
    entry = Entry(OWNER, source.text, target.text if target else None, [
        f"{OWNER}: who answers for this leaflet's text (content/{topic}/topic.yaml, "
        "'owner'); printed at the end of every leaflet."])
    entry.state = TRANSLATED if target else NEW
    entry.base = fingerprint(target.text if target else "")
    if target and stale_text is not None:
        entry.state, entry.previous = FUZZY, stale_text
    elif target:
        # An approval holds the owner per language, as topic.yaml writes it.
        entry.final = (approved or {}).get(f"{OWNER}.{language}") == target.fingerprint
    return entry


def _fixed_layouts(project: Project) -> dict[str, set[str] | None]:
    """Fixed-size layouts (those with a page count) and the sections each prints."""
    fixed: dict[str, set[str] | None] = {}
    for layout in project.layout_ids():
        path = project.find(f"templates/layouts/{layout}.yaml")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) if path else None
        except (OSError, yaml.YAMLError):
            continue  # a broken layout is the gate's to report
        if isinstance(data, dict) and data.get("pages"):
            sections = data.get("sections")
            fixed[layout] = set(sections) if isinstance(sections, list) else None
    return fixed


# The fixed layouts are set with room for a translation longer than the source: the
# shipped German and French are 15-19 % longer than the English on average, up to 49 % for
# one unit. A unit may take this many times the lines the source takes there.
GROWTH = 1.3
EM_PER_CHAR = 0.5  # an average character of running text is about half an em wide
# Units set larger than the body text (the covers' sizes, folded.css), and the lines they
# may take whatever the source takes: a title may take two lines on a cover.
SCALE = {"title": 2.5, "subtitle": 1.25}
LINES = {"title": 2}


@dataclass(frozen=True)
class Room:
    """A fixed layout's text column: ``chars`` characters a line, at ``body_pt``."""

    layout: str
    sections: frozenset[str] | None
    summaries: bool
    chars: int


def line_room(project: Project) -> list[Room]:
    """The characters a line of each fixed-size layout holds: its column width (``measure_mm``
    in the layout, else its narrowest panel or page less the margins) at its body size."""
    rooms = []
    for layout in project.layout_ids():
        path = project.find(f"templates/layouts/{layout}.yaml")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) if path else None
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict) or not data.get("pages"):
            continue
        width = _measure_mm(data)
        body = data.get("body_pt")
        if not width or not isinstance(body, (int, float)) or body <= 0:
            continue
        sections = data.get("sections")
        rooms.append(Room(layout, frozenset(sections) if isinstance(sections, list) else None,
                          bool(data.get("summaries")),
                          int(width / (body * 25.4 / 72 * EM_PER_CHAR))))
    return rooms


def _measure_mm(data: dict) -> float | None:
    if isinstance(data.get("measure_mm"), (int, float)):
        return float(data["measure_mm"])
    margins = data.get("margins") if isinstance(data.get("margins"), dict) else {}
    edge, fold = margins.get("edge", 8), margins.get("fold", 8)
    widths = []
    for geometry in (data.get("paper") or {}).values():
        if not isinstance(geometry, dict):
            continue
        if isinstance(geometry.get("panels"), list):  # a middle panel: a fold either side
            widths += [w - 2 * max(edge, fold) for w in geometry["panels"]]
        elif isinstance(geometry.get("page"), list):
            widths.append(geometry["page"][0] - edge - fold)
    return min(widths) if widths else None


def length_note(unit: Unit, rooms: list[Room], summarised: set[str]) -> tuple[int, str] | None:
    """How many characters ``unit`` may take, from the tightest fixed layout printing it, and
    the note that says so; ``None`` when no fixed layout prints it. A layout that prints
    summaries prints a section's summary instead of its text (``summarised``: the sections
    with one), the others never print a summary."""

    is_summary = unit.id.endswith(".summary")
    printing = []
    for room in rooms:
        if unit.section is not None and room.sections is not None \
                and unit.section not in room.sections:
            continue
        if is_summary and not room.summaries:
            continue
        if (not is_summary and room.summaries and unit.section in summarised
                and unit.section not in FULL_TEXT):
            continue
        printing.append(room)
    if not printing:
        return None
    room = min(printing, key=lambda r: r.chars)
    chars = max(int(room.chars / SCALE.get(unit.id, 1)), 1)
    lines = -(-len(unit.text) // chars)
    lines = math.ceil(round(lines * GROWTH, 6)) if lines > 1 else 1
    allowed = max(lines, LINES.get(unit.id, 1)) * chars
    return allowed, (f"{unit.id}: length: at most about {allowed} characters (the source has "
                     f"{len(unit.text)}): the {room.layout} layout, the tightest that prints "
                     f"it, sets about {chars} characters a line here.")


def context_note(unit: Unit, fixed: dict[str, set[str] | None]) -> str:
    """Where a unit is printed, for the translator."""
    where = f"section '{unit.section}'" if unit.section else "the cover and opening"
    layouts = sorted(name for name, sections in fixed.items()
                     if unit.section is None or sections is None or unit.section in sections)
    if layouts:
        size = (f"printed in fixed-size layouts ({', '.join(layouts)}): keep it about as long "
                "as the source")
    else:
        size = "no fixed-size layout prints it"
    return f"{unit.id}: {where}; {size}."


def leaflet_exchange(project: Project, topic: str, language: str, report: Report,
                     stale_only: bool = False) -> Exchange | None:
    """The entries of ``content/<topic>/<language>.yaml``, in the source's order."""

    source_lang = source_language(project, topic, report)
    if source_lang is None:
        return None
    if language == source_lang:
        report.error("translate-source", f"{language} is the source language of {topic}; "
                     "export a translation (another --lang)", None)
        return None
    sources = text_units(project, topic, source_lang, report)
    if sources is None:
        report.error("translate-source", f"{content_file(topic, source_lang)} is missing or "
                     "cannot be read", Location(content_file(topic, source_lang)))
        return None
    targets = by_id(text_units(project, topic, language, Report()) or [])
    owner_source = topic_owner(project, topic, source_lang)
    records = read_records(project, topic, report)
    changes = stale.changes(records, language,
                            [*sources, *([owner_source] if owner_source else [])])
    terms = glossary.read(project, language, report)
    fixed = _fixed_layouts(project)
    rooms = line_room(project)
    summarised = {u.section for u in sources if u.id.endswith(".summary") and u.section}
    exchange = Exchange(content_file(topic, language), source_lang, language,
                        keep=glossary.keep(terms))
    approval = records.active(language)
    approved = {uid: u.get("fingerprint") for uid, u in approval.units.items()} \
        if approval is not None else {}
    for unit in sources:
        change = changes.get(unit.id)
        if stale_only and change is None:
            continue
        target = targets.get(unit.id)
        entry = Entry(unit.id, unit.text, target.text if target else None,
                      [context_note(unit, fixed), *glossary.notes(terms, unit.text)])
        length = length_note(unit, rooms, summarised)
        if length is not None:
            entry.max_chars = length[0]
            entry.notes.append(length[1])
        entry.base = fingerprint(target.text if target else "")
        if target is not None:
            entry.state = TRANSLATED
        if change is not None and target is not None:
            entry.state = FUZZY
            entry.previous = change.old
        elif target is not None:
            entry.final = approved.get(unit.id) == target.fingerprint
        exchange.entries.append(entry)
    change = changes.get(OWNER)
    owner = owner_entry(project, topic, source_lang, language, change.old if change else None,
                        approved)
    if owner is not None and not (stale_only and owner.state == TRANSLATED):
        exchange.entries.append(owner)
    return exchange


def _word_values(data: Any) -> dict[str, str]:
    """The translatable words of a words file by id (``headings.x``, ``words.y``)."""
    values: dict[str, str] = {}
    if not isinstance(data, dict):
        return values
    if isinstance(data.get("language_name"), str):
        values["language_name"] = normalize(data["language_name"])
    for group in WORD_GROUPS:
        for key, value in (data.get(group) or {}).items():
            if isinstance(value, (str, int, float)) and normalize(value):
                values[f"{group}.{key}"] = normalize(value)
    return values


def read_words(project: Project, language: str, report: Report) -> dict[str, str] | None:
    path = project.find(words_file(language))
    if path is None:
        return None
    doc = load_yaml(path, words_file(language), report)
    return _word_values(doc.data) if doc is not None else None


def words_exchange(project: Project, source_lang: str, language: str,
                   report: Report) -> Exchange | None:
    """The template words ``language`` lacks, against ``source_lang``; ``None`` if none."""
    sources = read_words(project, source_lang, report) or {}
    have = read_words(project, language, Report()) or {}
    exchange = Exchange(words_file(language), source_lang, language)
    for uid, text in sources.items():
        if uid not in have:
            group = uid.split(".", 1)[0]
            note = {"headings": "the heading printed above this section in every leaflet",
                    "words": "a word the templates print in every leaflet",
                    }.get(group, "the language's own name, in that language")
            placeholders = " Keep {…} placeholders as they are." if "{" in text else ""
            exchange.entries.append(Entry(uid, text, notes=[f"{uid}: {note}.{placeholders}"],
                                          base=fingerprint("")))
    return exchange if exchange.entries else None

