"""The glossary: agreed translations of terms, ``translations/glossary.<lang>.tsv``.

Owns: reading that file (tab-separated: term, translation, note; a first
line (after comments) ``term<TAB>translation<TAB>note`` is a header; ``#`` starts a comment
line), the notes export gives translators, and the check that a unit whose
source uses a term has a word starting like the agreed translation — a stem
match that tolerates inflection (``injection`` → ``injections``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from brochures.errors import Location, Report
from brochures.inputs.catalog import read_glossary
from brochures.inputs.project import Project
from brochures.inputs.units import Unit

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_STEM = 4  # shorter words must match whole


@dataclass(frozen=True)
class Term:
    term: str
    translation: str
    note: str
    line: int


def path_of(language: str) -> str:
    return f"translations/glossary.{language}.tsv"


def read(project: Project, language: str, report: Report) -> list[Term]:
    """The terms agreed for ``language`` (none when it has no glossary)."""
    return parse(*read_glossary(project, language), report)


def parse(shown: str, text: str | None, unreadable: str | None, report: Report) -> list[Term]:
    """The terms of a glossary file's ``text`` (what :func:`read_glossary` found)."""
    if unreadable:
        code = "unsafe-path" if "outside" in unreadable else "bad-glossary"
        report.error(code, unreadable, Location(shown, 1))
    if text is None:
        return []
    terms: list[Term] = []
    first = True
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if first and [c.lower() for c in cells[:2]] == ["term", "translation"]:
            first = False
            continue  # the header line
        first = False
        if len(cells) < 2 or not cells[0] or not cells[1]:
            report.error("bad-glossary", "a glossary line needs a term and its translation, "
                         "separated by a tab", Location(shown, number))
            continue
        terms.append(Term(cells[0], cells[1], cells[2] if len(cells) > 2 else "", number))
    return terms


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def _stem(word: str) -> str:
    """How much of a word a form of it must start with: all of a short word, else
    all but its last letters (so endings may change)."""
    return word if len(word) <= MIN_STEM else word[:max(MIN_STEM, len(word) - 2)]


def _contains(text: str, phrase: str, stems: bool) -> bool:
    words, wanted = _words(text), _words(phrase)
    if not wanted:
        return False
    for start in range(len(words) - len(wanted) + 1):
        pairs = zip(words[start:start + len(wanted)], wanted, strict=True)
        if all(w.startswith(_stem(t)) if stems else w == t for w, t in pairs):
            return True
    return False


def uses(text: str, term: Term) -> bool:
    """Whether a source text uses ``term`` (its word forms too)."""
    return _contains(text, term.term, stems=True)


def agrees(text: str, term: Term) -> bool:
    """Whether a translation has words starting like the agreed translation."""
    return _contains(text, term.translation, stems=True)


def keep(terms: list[Term]) -> list[str]:
    """The do-not-translate terms: those whose agreed translation is the term itself, or
    whose note says "do not translate"."""
    return [t.term for t in terms if t.translation.casefold() == t.term.casefold()
            or "do not translate" in t.note.casefold()]


def notes(terms: list[Term], source: str) -> list[str]:
    """The glossary notes for a unit whose source is ``source``."""
    return [f"Glossary: {t.term} → {t.translation}" + (f" ({t.note})" if t.note else "")
            for t in terms if uses(source, t)]


def check(terms: list[Term], sources: dict[str, Unit], targets: list[Unit],
          language: str, report: Report) -> None:
    """A warning for each unit whose translation does not use an agreed term."""
    for unit in targets:
        source = sources.get(unit.id)
        if source is None:
            continue
        for term in terms:
            if uses(source.text, term) and not agrees(unit.text, term):
                report.warning("glossary-term",
                               f"unit '{unit.id}': the source says “{term.term}” but the "
                               f"translation has no word like “{term.translation}”, the agreed "
                               f"term ({path_of(language)}:{term.line})", unit.location)
