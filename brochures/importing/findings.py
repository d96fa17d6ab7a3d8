"""The import report: what a writer must look at, each at the draft's file and line.

Owns: the findings of an import — every claim the claims rules flag in the imported
text (``rules/claims/``); contradictions between sources (numbers with the same unit
that differ in the same section, names spelled differently: capitalised words not at a
sentence start, one or two letters apart); a source whose language is not the draft's
(lingua, whose models ship inside the package); sections left empty.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from brochures.checks.claims import check_claims, load_rules
from brochures.checks.text import Passage
from brochures.errors import Location, Report
from brochures.importing.classify import Entry
from brochures.importing.draft import Written
from brochures.importing.rules import ImportRules
from brochures.project import Project

# Languages the detector tells apart: the shipped leaflets' and their nearest neighbours.
DETECTED = ("en", "fr", "es", "de", "ru", "ar", "it", "pt", "nl", "pl", "tr", "uk")
MIN_WORDS = 15  # below this, no detector is reliable
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_YEAR = re.compile(r"(?<![\d.,])(1[6-9]\d\d|20\d\d)(?![\d.,])")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def report_claims(project: Project, language: str, written: Written, report: Report) -> None:
    rules = load_rules(project, language, report)
    check_claims([p for _, p in written.passages], rules, report)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _names(text: str) -> list[tuple[str, int]]:
    """Capitalised words that do not start a sentence, with their offsets."""
    found = []
    for sentence in re.finditer(r"[^.!?:;]+", text):
        words = list(_WORD.finditer(sentence.group()))
        for word in words[1:]:
            value = word.group()
            if len(value) >= 4 and value[0].isupper() and value[1:].islower():
                found.append((value, sentence.start() + word.start()))
    return found


def _sources(entry: Entry) -> set[str]:
    return {name for name, _ in entry.origins}


def _where(entry: Entry, passage: Passage, offset: int) -> str:
    return "; ".join(f"{n}:{line}" if line else n for n, line in entry.origins)


def report_names(written: Written, report: Report) -> None:
    """Names spelled differently in different sources (Pistor / Pitor)."""
    seen: dict[str, list[tuple[Entry, Passage, int]]] = defaultdict(list)
    for entry, passage in written.passages:
        for name, offset in _names(passage.text):
            seen[name].append((entry, passage, offset))
    names = list(seen)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            limit = 1 if min(len(a), len(b)) < 8 else 2
            if a.startswith(b) or b.startswith(a) or not 1 <= _distance(a, b) <= limit:
                continue
            from_a = set().union(*(_sources(e) for e, _, _ in seen[a]))
            from_b = set().union(*(_sources(e) for e, _, _ in seen[b]))
            if not (from_a - from_b and from_b - from_a):
                continue  # one source's own spelling, not a disagreement between sources
            entry, passage, offset = seen[b][0]
            first = seen[a][0][0]
            report.warning("contradiction-name",
                           f"the sources spell a name two ways: “{a}” ({_where(first, passage, 0)})"
                           f" and “{b}” ({_where(entry, passage, offset)}): check which is right",
                           passage.location(offset))


def _quantities(text: str, rules: ImportRules) -> list[tuple[str, str, tuple[str, ...], int]]:
    """(unit, words, values, offset) of each number-with-unit and year in ``text``."""
    joins = "|".join([r"[–—-]", *(rf"\b{re.escape(w)}\b" for w in rules.range_words)])
    found = []
    taken: list[tuple[int, int]] = []
    for unit, pattern in rules.units.items():
        regex = re.compile(rf"(?<![\w.,]){_NUMBER}(?:\s*(?:{joins})\s*{_NUMBER})?\s*"
                           rf"(?:{pattern.pattern})", re.IGNORECASE)
        for match in regex.finditer(text):
            values = tuple(v.replace(",", ".") for v in match.groups()[:2] if v)
            found.append((unit, match.group().strip(), values, match.start()))
            taken.append(match.span())
    for match in _YEAR.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append(("year", match.group(), (match.group(),), match.start()))
    return found


def report_numbers(written: Written, rules: ImportRules, report: Report) -> None:
    """Numbers with the same unit that differ between sources in the same section."""
    by_key: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for entry, passage in written.passages:
        for unit, words, values, offset in _quantities(passage.text, rules):
            for source in _sources(entry):
                by_key[(entry.section or "", unit)][source].append(
                    (words, values, entry, passage, offset))
    for (section, unit), per_source in by_key.items():
        sources = list(per_source)
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                values_a = {v for _, v, *_ in per_source[a]}
                values_b = {v for _, v, *_ in per_source[b]}
                if values_a == values_b:
                    continue
                words_a, *_ = next(q for q in per_source[a]
                                                 if q[1] not in values_b)
                words_b, _, _, passage, offset = next(
                    (q for q in per_source[b] if q[1] not in values_a), per_source[b][0])
                what = "years" if unit == "year" else unit
                report.warning("contradiction-number",
                               f"the sources disagree on {what} in '{section}': “{words_a}” "
                               f"({a}) and “{words_b}” ({b}): check which is right",
                               passage.location(offset))


@cache  # the models are part of the package, not of a project: one detector per process
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in DETECTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str, str] | None:
    """(ISO code, English name) of the language ``text`` is written in, when it can tell."""
    if len(text.split()) < MIN_WORDS:
        return None
    found = _detector().detect_language_of(text)
    if found is None:
        return None
    return found.iso_code_639_1.name.lower(), found.name.title()


def report_languages(languages: dict[str, tuple[str, str] | None], language: str,
                     written: Written, shown: str, report: Report) -> None:
    base = language.split("-")[0].split("_")[0].lower()
    for name, detected in languages.items():
        if detected is not None and detected[0] != base and base in DETECTED:
            report.warning("source-language",
                           f"{name} reads as {detected[1]}, not '{language}': import it with "
                           f"--lang {detected[0]}, or check that it is the right source",
                           Location(shown, written.source_lines.get(name, 1)))


def report_empty(written: Written, required: list[str], shown: str, report: Report) -> None:
    for section_id, line in written.empty.items():
        if section_id in required:
            message = (f"section '{section_id}' is empty: nothing in the sources was placed "
                       "there; a leaflet must have it, so write it")
        else:
            message = (f"section '{section_id}' is empty: nothing in the sources was placed "
                       "there; a patient leaflet should have it")
        report.warning("empty-section", message, Location(shown, line))
    if written.unplaced:
        report.warning("not-placed", f"{written.unplaced} paragraph(s) could not be placed in a "
                       "section: they are in the comment at the end of the draft",
                       Location(shown, written.text.count("\n", 0, written.text.index(
                           "# Not placed")) + 1))
