"""Translation parity: every language says the same facts as the source.

Owns: comparing a leaflet with its topic's ``source_language`` leaflet — the
same sections, the same number of items per section, and the same numbers
(years, millimetres, minutes, counts) in each section. Every number of the
source must appear in the translation's section, as digits or as a number
word of its language (``rules/numbers/<lang>.yaml``: "un à trois jours"
matches "1 to 3 days"; a Roman numeral counts only next to a century word);
every number the translation writes in digits must be in the source. A
number word alone never creates a number ("une injection"). Each item
has the same evidence grade and source as the source's item. A mismatch
names both files and lines; for a language under ``drafts`` in
``topic.yaml`` it is a warning instead of an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from brochures.checks.rules import documents
from brochures.errors import Location, Problem, Report
from brochures.inputs.project import Project
from brochures.model import Item, Leaflet, Section

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass
class NumberWords:
    """The number words of one language, longest first, and its century words."""

    language: str
    words: dict[str, str] = field(default_factory=dict)  # lower-case phrase → "21"
    pattern: re.Pattern | None = None
    century: re.Pattern | None = None

    def values(self, text: str) -> set[str]:
        """The numbers ``text`` writes as words (and Roman numerals by a century word)."""
        found: set[str] = set()
        if self.pattern is not None:
            found |= {self.words[m.group(1)] for m in self.pattern.finditer(text.lower())}
        if self.century is not None:
            for match in self.century.finditer(text):
                value = _roman(match.group("r1") or match.group("r2"))
                if value:
                    found.add(str(value))
        return found


def _roman(text: str) -> int | None:
    """A Roman numeral up to C (centuries), or ``None`` if ``text`` is not one."""
    values = [_ROMAN[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                for i, v in enumerate(values))
    return total if 0 < total <= 100 else None


def number_words(project: Project, language: str, report: Report) -> NumberWords:
    """``rules/numbers/<lang>.yaml`` on the search path (a project's words add to ours)."""
    found = NumberWords(language)
    base = language.split("-")[0].split("_")[0]
    centuries, prefixes = [], []
    for doc in documents(project, f"rules/numbers/{base}.yaml", report):
        words = doc.data.get("words") or {}
        if not isinstance(words, dict):
            report.error("bad-rules", "'words' must map each number to its words", doc.at("words"))
            continue
        for value, forms in words.items():
            if not isinstance(forms, list) or not str(value).isdigit():
                report.error("bad-rules", f"'words.{value}' must be a list of words for a "
                             "whole number", doc.at("words", value))
                continue
            for form in forms:
                found.words[" ".join(str(form).lower().split())] = str(int(value))
        centuries += [str(w) for w in doc.data.get("century") or []]
        prefixes += [str(p) for p in doc.data.get("prefixes") or []]
    if found.words:
        phrases = sorted(found.words, key=len, reverse=True)
        alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
        prefix = f"(?:{'|'.join(map(re.escape, prefixes))})?" if prefixes else ""
        found.pattern = re.compile(rf"(?<![\w-]){prefix}({alternatives})(?![\w-])")
    if centuries:
        word = "|".join(map(re.escape, centuries))
        found.century = re.compile(
            rf"\b(?P<r1>[IVXLC]+)(?:e|ème|er|-?й|-?го|-?м)?\s+(?:{word})\b"
            rf"|\b(?:{word})\s+(?P<r2>[IVXLC]+)\b")
    return found


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and other decimal digits as 0-9, so ١٩٥٢ and 1952 compare equal."""
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def _text(section: Section) -> str:
    texts = [section.body]
    for item in section.items:
        texts += [item.text, item.title or ""]
    return _ascii_digits(" ".join(texts))


def numbers(section: Section) -> Counter:
    """The numbers a section writes in digits, as a multiset; ``0,5`` and ``0.5`` are one."""
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(_text(section)))


def _show(counter: Counter) -> str:
    return ", ".join(sorted(counter.elements(), key=lambda n: float(n))) or "none"


def _grade(item: Item) -> str:
    grade = f"'{item.evidence}'" if item.evidence else "not at all"
    return grade + (f" (source '{item.source}')" if item.source else "")


def _sorted(values: set[str]) -> str:
    return ", ".join(sorted(values, key=float))


def compare(source: Leaflet, other: Leaflet, severity: str,
            source_words: NumberWords | None = None,
            other_words: NumberWords | None = None) -> list[Problem]:
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
        for n, (item, src_item) in enumerate(zip(section.items, src.items, strict=False), 1):
            # Grades are facts: the same use has the same evidence in every language.
            if (item.evidence, item.source) != (src_item.evidence, src_item.source):
                add("parity-evidence", f"item {n} of '{section_id}' is graded "
                    f"{_grade(item)}; {src_item.location or src.location} grades it "
                    f"{_grade(src_item)}", item.location or section.location)
        mine, theirs = numbers(section), numbers(src)
        spoken = other_words.values(_text(section)) if other_words else set()
        src_spoken = source_words.values(_text(src)) if source_words else set()
        missing = set(theirs) - set(mine) - spoken
        extra = set(mine) - set(theirs) - src_spoken
        if missing or extra:
            why = []
            if missing:
                why.append(f"{_sorted(missing)} of the source "
                           f"{'is' if len(missing) == 1 else 'are'} missing (as digits or words)")
            if extra:
                why.append(f"{_sorted(extra)} {'is' if len(extra) == 1 else 'are'} not in the "
                           "source")
            add("parity-numbers", f"section '{section_id}' states the numbers {_show(mine)}; "
                f"{src.location} states {_show(theirs)}: {'; '.join(why)}", section.location)
    problems += compare_images(source, other, severity)
    for section_id, section in other.sections.items():
        if section_id not in source.sections:
            add("parity-section", f"section '{section_id}' is not in the source language "
                f"file {src_file}", section.location)
    return problems


def compare_images(source: Leaflet, other: Leaflet, severity: str) -> list[Problem]:
    """Every language shows the same picture file in a section (and on the cover) as its source."""
    problems = []
    pairs = [("the cover", source.cover_image, other.cover_image, other.location)]
    for section_id, src in source.sections.items():
        section = other.sections.get(section_id)
        if section is not None:
            pairs.append((f"section '{section_id}'", src.image, section.image, section.location))
    for what, mine, theirs, where in pairs:
        want = (mine or {}).get("file")
        have = (theirs or {}).get("file")
        if want != have:
            problems.append(Problem(severity, "parity-image", f"{what} shows picture "
                                    f"{have or 'none'}; {source.location.path} shows "
                                    f"{want or 'none'}", where or other.location))
    return problems
