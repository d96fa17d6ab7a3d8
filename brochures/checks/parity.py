"""Translation parity: every language says the same facts as the source.

Owns: comparing each leaflet of a topic with its ``source_language``
leaflet — the same sections, the same number of items per section, and the
same numbers (years, millimetres, minutes, counts) in each section, and the
same evidence grade and source at the same item. A
mismatch names both files and lines. A language listed under ``drafts`` in
``topic.yaml`` gets warnings instead of errors, so it can build while its
translation is finished.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from brochures.errors import ERROR, WARNING, Location, Problem, Report
from brochures.model import Item, Leaflet, Section, Topic

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and other decimal digits as 0-9, so ١٩٥٢ and 1952 compare equal."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def numbers(section: Section) -> Counter:
    """The numbers a section states, as a multiset; ``0,5`` and ``0.5`` are the same."""
    texts = [section.body]
    for item in section.items:
        texts += [item.text, item.title or ""]
    found = _NUMBER.findall(_ascii_digits(" ".join(texts)))
    return Counter(n.replace(",", ".") for n in found)


def _show(counter: Counter) -> str:
    return ", ".join(sorted(counter.elements(), key=lambda n: float(n))) or "none"


def _grade(item: Item) -> str:
    grade = f"'{item.evidence}'" if item.evidence else "not at all"
    return grade + (f" (source '{item.source}')" if item.source else "")


def compare(source: Leaflet, other: Leaflet, severity: str) -> list[Problem]:
    """Every way ``other`` differs from ``source`` in sections, items and numbers."""
    problems: list[Problem] = []

    def add(code: str, message: str, where: Location | None) -> None:
        problems.append(Problem(severity, code, message, where or other.location))

    src_file = str(source.location.path)
    for section_id, src in source.sections.items():
        section = other.sections.get(section_id)
        if section is None:
            add("parity-section", f"section '{section_id}' is missing; "
                f"{src.location} has it", other.location)
            continue
        if len(section.items) != len(src.items):
            add("parity-items", f"section '{section_id}' has {len(section.items)} items; "
                f"{src.location} has {len(src.items)}", section.location)
        if bool(section.paragraphs) != bool(src.paragraphs):
            has = "has" if section.paragraphs else "has no"
            add("parity-body", f"section '{section_id}' {has} body text, unlike {src.location}",
                section.location)
        for n, (item, src_item) in enumerate(zip(section.items, src.items, strict=False), 1):
            # Grades are facts: the same use has the same evidence in every language.
            if (item.evidence, item.source) != (src_item.evidence, src_item.source):
                add("parity-evidence", f"item {n} of '{section_id}' is graded "
                    f"{_grade(item)}; {src_item.location or src.location} grades it "
                    f"{_grade(src_item)}", item.location or section.location)
        mine, theirs = numbers(section), numbers(src)
        if mine != theirs:
            add("parity-numbers", f"section '{section_id}' states the numbers {_show(mine)}; "
                f"{src.location} states {_show(theirs)}", section.location)
    for section_id, section in other.sections.items():
        if section_id not in source.sections:
            add("parity-section", f"section '{section_id}' is not in the source language "
                f"file {src_file}", section.location)
    return problems


def check_parity(topic: Topic, report: Report) -> dict[str, list[Problem]]:
    """Compare every language of ``topic`` with its source; returns the problems by language."""
    found: dict[str, list[Problem]] = {}
    source = topic.leaflets.get(topic.source_language)
    if source is None:
        return found
    for language, leaflet in sorted(topic.leaflets.items()):
        if language == topic.source_language:
            continue
        severity = WARNING if language in topic.drafts else ERROR
        problems = compare(source, leaflet, severity)
        if problems:
            found[language] = problems
            report.extend(problems)
    return found
